"""Pure analysis: scoring, norms and bands, interpretation, advice, Part 2 scenarios, teams,
privacy rules and the organisation's reference. Never imports Streamlit."""
from .advice import AdviceCard, PrincipleCard, Reason, advise, mode_levels, principles_for
from .importing import Headings, ImportProblem, ImportResult, load_headings, read_results, read_results_csv
from .interpretation import Interpretation, ModeReading, interpret, join_names
from .norms import BANDS, MAX_SCORE, Norms, load_norms, neutral_reference_table
from .scenarios import ScenarioOutcome, ScenarioReading, check_scenario_answers, read_scenarios
from .scoring import TOTAL, Profile, axes_position, profile_from_scores, rank_modes, score
from .synthetic import answers_for_order, answers_for_weights
from .team import Comparison, GroupFigures, TeamFigures, TeamReport, compare_groups, team_report

__all__ = [
    "AdviceCard", "BANDS", "Comparison", "GroupFigures", "Headings", "ImportProblem", "ImportResult",
    "Interpretation", "MAX_SCORE", "ModeReading", "Norms", "PrincipleCard", "Profile", "Reason",
    "ScenarioOutcome", "ScenarioReading", "TOTAL", "TeamFigures", "TeamReport", "advise", "answers_for_order",
    "answers_for_weights", "axes_position", "check_scenario_answers", "compare_groups", "interpret",
    "join_names", "load_headings", "load_norms", "mode_levels", "neutral_reference_table", "principles_for",
    "profile_from_scores", "rank_modes", "read_results", "read_results_csv", "read_scenarios", "score",
    "team_report",
]
