"""The team lead's page: sign in, teams and rounds, the invite link, then the dashboard."""
from __future__ import annotations

import functools
import io

import segno
import streamlit as st

from storage import MIN_PASSWORD_LENGTH, TeamError

from . import dashboard, state
from .text import escape_markdown


def render() -> None:
    state.render_page(_render)


def _refused(error: TeamError) -> None:
    state.flash(f"lead_errors.{error.code}", **error.values)


@state.guarded
def _sign_in() -> None:
    try:
        lead = state.get_store().teams.sign_in(st.session_state.get("signin-email", ""),
                                               st.session_state.get("signin-password", ""))
    except TeamError as error:
        _refused(error)
        return
    finally:
        st.session_state.pop("signin-password", None)  # never kept in the session
    st.session_state[state.LEAD] = lead


@state.guarded
def _sign_up() -> None:
    try:
        lead = state.get_store().teams.create_lead(st.session_state.get("signup-name", ""),
                                                   st.session_state.get("signup-email", ""),
                                                   st.session_state.get("signup-password", ""))
    except TeamError as error:
        _refused(error)
        return
    finally:
        st.session_state.pop("signup-password", None)
    st.session_state[state.LEAD] = lead


def _sign_out() -> None:
    for key in list(st.session_state):
        if key == state.LEAD or key.startswith(("team", "round", "compare", "confirm-")):
            del st.session_state[key]


@state.guarded
def _create_team(lead_id: int) -> None:
    try:
        team = state.get_store().teams.create_team(lead_id, st.session_state.get("new-team-name", ""))
    except TeamError as error:
        _refused(error)
        return
    st.session_state["team"] = team.id
    st.session_state.pop("new-team-name", None)


@state.guarded
def _new_round(lead_id: int, team_id: int) -> None:
    created = state.get_store().teams.new_round(lead_id, team_id)
    st.session_state[f"round-{team_id}"] = created.id


def _signed_out() -> None:
    t = state.catalog()
    st.write(t("lead.intro"))
    sign_in, sign_up = st.tabs([t("lead.sign_in"), t("lead.create_account")])
    with sign_in, st.form("sign-in"):
        st.text_input(t("lead.email"), key="signin-email", autocomplete="email")
        st.text_input(t("lead.password"), key="signin-password", type="password", autocomplete="current-password")
        st.form_submit_button(t("lead.sign_in_button"), type="primary", on_click=_sign_in, key="sign-in")
    with sign_up, st.form("sign-up"):
        st.text_input(t("lead.name"), key="signup-name", max_chars=100)
        st.text_input(t("lead.email"), key="signup-email", autocomplete="email", max_chars=254)
        st.text_input(t("lead.password"), key="signup-password", type="password", autocomplete="new-password",
                      help=t("lead.password_help", min=MIN_PASSWORD_LENGTH))
        st.form_submit_button(t("lead.create_button"), type="primary", on_click=_sign_up, key="sign-up")


@functools.lru_cache(maxsize=64)
def _qr_code(url: str) -> tuple[bytes, bytes]:
    """The invite link as a QR code: PNG for the screen, SVG for printing (made once per link)."""
    qr = segno.make(url, error="m")
    png, svg = io.BytesIO(), io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    qr.save(svg, kind="svg", scale=4, border=2)
    return png.getvalue(), svg.getvalue()


def _invite(team, chosen) -> None:
    t = state.catalog()
    url = state.invite_url(chosen.invite_code)
    with st.container(border=True):
        st.markdown(f"**{t('lead.invite_title')}**")
        st.write(t("lead.invite_text", number=chosen.number, team=escape_markdown(team.name)))
        text_col, qr_col = st.columns([3, 1], vertical_alignment="center")
        text_col.code(url, language=None)
        png, svg = _qr_code(url)
        qr_col.image(png, width=150)
        file_name = f"invite-round-{chosen.number}"
        left, right = text_col.columns(2)
        left.download_button(t("lead.qr_download_png"), png, f"{file_name}.png", "image/png",
                             key="qr-png", on_click="ignore", icon=":material/qr_code:")
        right.download_button(t("lead.qr_download_svg"), svg, f"{file_name}.svg", "image/svg+xml",
                              key="qr-svg", on_click="ignore", icon=":material/print:")


def _render() -> None:
    t = state.catalog()
    st.title(t("lead.title"))
    lead = state.lead()
    if lead is None:
        _signed_out()
        return
    who, out = st.columns([3, 1], vertical_alignment="center")
    who.caption(t("lead.signed_in_as", name=escape_markdown(lead.name)))
    out.button(t("lead.sign_out"), key="sign-out", on_click=_sign_out, width="stretch")

    store = state.get_store().teams
    teams = store.teams(lead.id)
    if not teams:
        st.info(t("lead.no_teams"), icon=":material/groups:")
    with st.expander(t("lead.create_team"), expanded=not teams, icon=":material/group_add:"):
        with st.form("create-team", clear_on_submit=False, border=False):
            st.text_input(t("lead.team_name"), key="new-team-name", max_chars=100)
            st.form_submit_button(t("lead.create_team_button"), type="primary", on_click=_create_team,
                                  args=(lead.id,), key="create-team")
    if not teams:
        return

    by_id = {team.id: team for team in teams}
    if st.session_state.get("team") not in by_id:
        st.session_state["team"] = teams[-1].id
    selected = st.selectbox(t("lead.choose_team"), list(by_id), key="team",
                            format_func=lambda i: by_id[i].name if i in by_id else "")
    # Only the lead's own teams can be chosen, whatever the page state says.
    team = by_id.get(selected, teams[-1])
    rounds = {r.id: r for r in reversed(team.rounds)}  # latest first
    round_key = f"round-{team.id}"
    if st.session_state.get(round_key) not in rounds:
        st.session_state[round_key] = team.latest.id
    pick, new = st.columns([3, 1], vertical_alignment="bottom")
    with pick:
        picked = st.selectbox(
            t("lead.choose_round"), list(rounds), key=round_key,
            format_func=lambda i: t("lead.round_label", number=rounds[i].number,
                                    date=rounds[i].created_at.strftime("%Y-%m-%d")) if i in rounds else "",
        )
        chosen = rounds.get(picked, team.latest)
    new.button(t("lead.new_round"), key="new-round", help=t("lead.new_round_help"), width="stretch",
               on_click=_new_round, args=(lead.id, team.id))
    _invite(team, chosen)
    dashboard.render(lead, teams, team, chosen)
