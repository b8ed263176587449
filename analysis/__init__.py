"""Pure analysis: scoring, norms and bands, interpretation, advice. Never imports Streamlit."""
from .advice import AdviceCard, PrincipleCard, Reason, advise, mode_levels, principles_for
from .interpretation import Interpretation, ModeReading, interpret, join_names
from .norms import BANDS, MAX_SCORE, Norms, load_norms, neutral_reference_table
from .pressure import PressureReading, ScenarioOutcome, check_scenario_answers, read_pressure
from .importing import ImportProblem, ImportResult, read_results_csv
from .team import Comparison, TeamReport, compare_groups, team_report
from .synthetic import answers_for_order, answers_for_weights
from .scoring import TOTAL, Profile, axes_position, profile_from_scores, rank_modes, score

__all__ = [
    "AdviceCard", "PressureReading", "PrincipleCard", "Reason", "ScenarioOutcome", "advise",
    "check_scenario_answers", "mode_levels", "principles_for", "read_pressure",
    "Comparison", "ImportProblem", "ImportResult", "TeamReport", "compare_groups", "read_results_csv", "team_report",
    "BANDS", "Interpretation", "MAX_SCORE", "ModeReading", "Norms", "Profile", "TOTAL",
    "answers_for_order", "answers_for_weights", "axes_position", "interpret", "join_names", "load_norms", "neutral_reference_table",
    "profile_from_scores", "rank_modes", "score",
]
