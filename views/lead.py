"""The team lead's page: sign in or up, teams and rounds, the invite link, the dashboard."""
from __future__ import annotations

import streamlit as st

from reports.qr import qr_code
from services import accounts, teams

from . import a11y, browser, company_sign_in, dashboard, items, links, messages, session
from .text import distinct, plain

TEAM = "team"  # widget key: the chosen team's id
COMPARE = "compare"  # widget key: what the round is compared with
GRANT_EMAIL = "grant-email"  # widget key: the coach's address to grant the team to
COACH_LINK = "coach-link"  # (team id, address, code) of the link just made, shown once
NEW_TEAM = "new-team-name"  # widget key: the name of a team to create
NEW_ROUND_POPOVER = "new-round-popover"  # the popover that asks before a new round (open or closed)
CLOSE_PREVIOUS = "close-previous-link"  # widget key: close the latest round's link when starting a new one
WATCH_SECONDS = 30  # how often an open page checks that its session is still live


def _rename_key(team_id) -> str:
    return f"rename-team-{team_id}"  # widget key: the team's new name


def _round_key(team_id) -> str:
    return f"round-{team_id}"


def _forget_choices() -> None:
    for key in list(st.session_state):
        if key in (TEAM, COMPARE) or key.startswith(("round-", "confirm-", "rename-team-")):
            del st.session_state[key]


def render() -> None:
    messages.page(_render)


def _signed_in(signed: accounts.SignedIn) -> None:
    st.session_state[session.LEAD_SESSION] = signed.session_id
    st.session_state[session.HANDOFF] = signed.handoff


@messages.guarded
def _sign_in() -> None:
    try:
        signed = accounts.sign_in(session.store(), st.session_state.get("signin-email", ""),
                                  st.session_state.get("signin-password", ""))
    finally:
        session.drop("signin-password")  # never kept in the session
    _signed_in(signed)


@messages.guarded
def _sign_up() -> None:
    try:
        signed = accounts.sign_up(session.store(), st.session_state.get("signup-name", ""),
                                  st.session_state.get("signup-email", ""),
                                  st.session_state.get("signup-password", ""), st.context.ip_address)
    finally:
        session.drop("signup-password")
    _signed_in(signed)


@messages.guarded
def _sign_out(everywhere: bool = False) -> None:
    accounts.sign_out(session.store(), st.session_state.get(session.LEAD_SESSION), session.cookie_token(),
                      everywhere=everywhere)
    session.drop(*session.LEAD_KEYS)
    _forget_choices()
    st.session_state[session.FORGET_COOKIE] = True
    messages.notice("lead.signed_out_everywhere" if everywhere else "lead.signed_out")
    company_sign_in.sign_out()  # and out of the provider's sign-in, when there is one (the browser leaves for it)


@messages.guarded
def _create_team() -> None:
    team = teams.create_team(session.store(), session.lead_id(), st.session_state.get(NEW_TEAM, ""))
    st.session_state[TEAM] = team.id
    st.session_state[NEW_TEAM] = ""  # cleared (a refused name stays, to be corrected)
    messages.notice("lead.team_created", team=team.name)


@messages.guarded
def _rename_team(team_id: int) -> None:
    team = teams.rename_team(session.store(), session.lead_id(), team_id,
                             st.session_state.get(_rename_key(team_id), ""))
    session.drop(_rename_key(team_id))  # shown again with the new name
    messages.notice("lead.team_renamed", team=team.name)


@messages.guarded
def _grant(team_id: int) -> None:
    grant, code = teams.grant_coach(session.store(), session.lead_id(), team_id, st.session_state.get(GRANT_EMAIL, ""))
    session.drop(GRANT_EMAIL)
    if code is None:
        messages.notice("coach.already", email=grant.email)
    else:  # shown once, on this page, for the lead to send on
        st.session_state[COACH_LINK] = (team_id, grant.email, code)


@messages.guarded
def _revoke(team_id: int, email: str) -> None:
    teams.revoke_coach(session.store(), session.lead_id(), team_id, email)
    st.session_state.pop(COACH_LINK, None)
    messages.notice("coach.revoked", email=email)


def _coaches(team, grants) -> None:
    """Who may see this team as a coach, and the way to add or remove one."""
    t = session.catalog()
    link = st.session_state.get(COACH_LINK)
    fresh = isinstance(link, tuple) and len(link) == 3 and link[0] == team.id
    with st.expander(t("coach.title", count=len(grants)), icon=":material/school:", expanded=fresh):
        st.caption(t("coach.text"))
        if fresh:
            st.success(t("coach.link_text", email=plain(link[1])), icon=":material/link:")
            st.code(links.coach_url(link[2]), language=None, wrap_lines=True)
        with st.form("grant-coach", border=False):
            st.text_input(t("coach.email"), key=GRANT_EMAIL, autocomplete="off", max_chars=254)
            st.form_submit_button(t("coach.grant_button"), on_click=_grant, args=(team.id,), key="grant-coach")
        for grant in grants:
            who, remove = st.columns([3, 1], vertical_alignment="center")
            if grant.claimed and grant.coach:
                status = plain(grant.coach)
            else:
                status = t("coach.expired") if grant.expired else t("coach.waiting")
            who.markdown(f"{plain(grant.email)} · {status}")
            remove.button(t("coach.revoke_button"), key=f"revoke-{grant.email}", on_click=_revoke,
                          args=(team.id, grant.email), width="stretch")


@messages.guarded
def _claim(code: str) -> None:
    team = teams.claim_coach(session.store(), session.lead_id(), code)
    st.session_state[TEAM] = team.id
    messages.notice("coach.claimed", team=team.name)


def _coach_link(signed_in: bool) -> None:
    """A coach opened a lead's link: signed in, it gives them the team (once); signed out, it
    waits in the address for the sign-in."""
    code = links.param(links.COACH)
    if code is None:
        return
    if not signed_in:
        st.info(session.catalog().t("coach.sign_in_first"), icon=":material/school:")
        return
    links.set_param(links.COACH, None)
    _claim(code)
    messages.show_pending()


@messages.guarded
def _new_round(team_id: int) -> None:
    close = bool(st.session_state.get(CLOSE_PREVIOUS, True))
    created = teams.new_round(session.store(), session.lead_id(), team_id, close_previous=close)
    st.session_state[_round_key(team_id)] = created.id
    st.session_state[NEW_ROUND_POPOVER] = False  # closed: its button would start yet another round
    session.drop(COMPARE)  # the new round is compared with the one before it
    messages.notice("lead.round_started_closed" if close and created.number > 1 else "lead.round_started",
                    number=created.number, previous=created.number - 1)


@messages.guarded
def _set_link(round_id: int, open_: bool) -> None:
    changed = teams.set_link_open(session.store(), session.lead_id(), round_id, open_)
    messages.notice("lead.link_opened" if open_ else "lead.link_closed", number=changed.number)


def _signed_out(provider: company_sign_in.Provider | None) -> None:
    t = session.catalog()
    st.write(t("lead.intro"))
    if provider is not None:
        company_sign_in.offer(provider)
        if not accounts.local_passwords():
            return
        st.caption(t("oidc.or_password"))
    signup = accounts.signup_open()
    tabs = st.tabs([t("lead.sign_in"), t("lead.create_account")] if signup else [t("lead.sign_in")], key="lead-tabs")
    with tabs[0], st.form("sign-in"):
        st.text_input(t("lead.email"), key="signin-email", autocomplete="email", max_chars=254)
        st.text_input(t("lead.password"), key="signin-password", type="password", autocomplete="current-password",
                      max_chars=200)
        st.form_submit_button(t("lead.sign_in_button"), type="primary", on_click=_sign_in, key="sign-in")
    if not signup:
        st.caption(t("lead.signup_closed_note"))
        return
    with tabs[1], st.form("sign-up"):
        st.text_input(t("lead.name"), key="signup-name", max_chars=100)
        st.text_input(t("lead.email"), key="signup-email", autocomplete="email", max_chars=254)
        st.text_input(t("lead.password"), key="signup-password", type="password", autocomplete="new-password",
                      max_chars=200, help=t("lead.password_help", min=accounts.MIN_LENGTH))
        st.form_submit_button(t("lead.create_button"), type="primary", on_click=_sign_up, key="sign-up")


def _invite(team, chosen) -> None:
    t = session.catalog()
    url = links.invite_url(chosen.invite_code)
    # Not on a printed dashboard (anyone holding the paper could join); the QR downloads are for posters.
    with st.container(border=True, key="no-print-invite"):
        st.markdown(f"**{t('lead.invite_title')}**")
        if chosen.closed:
            st.warning(t("lead.link_is_closed", number=chosen.number), icon=":material/link_off:")
            st.button(t("lead.open_link"), key="open-link", on_click=_set_link, args=(chosen.id, True),
                      icon=":material/link:")
            return
        st.write(t("lead.invite_text", number=chosen.number, team=plain(team.name)))
        text_col, qr_col = st.columns([3, 1], vertical_alignment="center")
        text_col.code(url, language=None, wrap_lines=True)
        png, svg = qr_code(url)
        qr_col.image(png, width=150, alt=t("alt.qr", number=chosen.number))
        file_name = f"invite-round-{chosen.number}"
        # One under the other: side by side, the Swedish and Norwegian labels were cut short.
        text_col.download_button(t("lead.qr_download_png"), png, f"{file_name}.png", "image/png",
                             key="qr-png", on_click="ignore", icon=":material/qr_code:")
        text_col.download_button(t("lead.qr_download_svg"), svg, f"{file_name}.svg", "image/svg+xml",
                              key="qr-svg", on_click="ignore", icon=":material/print:")
        st.button(t("lead.close_link"), key="close-link", on_click=_set_link, args=(chosen.id, False),
                  icon=":material/link_off:", help=t("lead.close_link_help"))


def _new_round_button(team, column) -> None:
    """Starting a round asks first: what it makes, and whether the latest round's link closes."""
    t = session.catalog()
    latest = team.latest
    with column.popover(t("lead.new_round"), icon=":material/add:", width="stretch", key=NEW_ROUND_POPOVER,
                        on_change="rerun"):
        st.markdown(t("lead.new_round_confirm", number=latest.number + 1))
        if not latest.closed:
            st.checkbox(t("lead.close_previous", number=latest.number), key=CLOSE_PREVIOUS, value=True)
        st.button(t("lead.new_round_button", number=latest.number + 1), key="new-round", type="primary",
                  on_click=_new_round, args=(team.id,), width="stretch")


def _team_settings(team) -> None:
    """Rename the team."""
    t = session.catalog()
    with st.expander(t("lead.team_settings"), icon=":material/edit:"):
        with st.form("rename-team", border=False):
            st.session_state.setdefault(_rename_key(team.id), team.name)
            st.text_input(t("lead.team_name"), key=_rename_key(team.id), max_chars=100)
            st.form_submit_button(t("lead.rename_button"), on_click=_rename_team, args=(team.id,), key="rename")


@st.fragment(run_every=WATCH_SECONDS)
def _watch(session_id: int, team_id: int | None) -> None:
    """Sign this tab out soon after the session ends elsewhere (another tab, expiry), and
    take a team off it soon after its lead revoked this coach's access."""
    current = accounts.current_session(session.store(), session_id, None)
    if current is None or (team_id is not None and not teams.can_view(session.store(), current.lead.id, team_id)):
        st.rerun(scope="app")


def _render() -> None:
    t = session.catalog()
    with a11y.landing("lead"):
        st.title(t("lead.title"))
    provider = company_sign_in.provider()
    back = company_sign_in.arrive(provider)  # from the provider: "in", "out" or None
    if back == "out":
        st.success(t("lead.signed_out"), icon=":material/check_circle:")
    elif provider is not None and session.lead_session() is None:
        if signed := company_sign_in.sign_in(provider, attempted=back == "in"):
            _signed_in(signed)
    if handoff := st.session_state.pop(session.HANDOFF, None):
        browser.keep_session(handoff)
    if st.session_state.pop(session.FORGET_COOKIE, None):
        browser.forget_session()
    current = session.lead_session()
    _coach_link(signed_in=current is not None)
    if current is None:
        a11y.screen("lead-signed-out", focus=a11y.heading("lead"))
        messages.show_pending()  # a notice that the session ended elsewhere
        _signed_out(provider)
        return
    lead = current.lead
    # Signed in (or out, above): the page starts over at its title, where the focus goes too.
    a11y.screen(f"lead-{current.id}", focus=a11y.heading("lead"))
    who, out, everywhere = st.columns([2, 1, 1], vertical_alignment="center")
    who.caption(t("lead.signed_in_as", name=plain(lead.name)))
    out.button(t("lead.sign_out"), key="sign-out", on_click=_sign_out, width="stretch")
    everywhere.button(t("lead.sign_out_everywhere"), key="sign-out-everywhere", on_click=_sign_out,
                      kwargs={"everywhere": True}, width="stretch", help=t("lead.sign_out_everywhere_help"))

    team_id = st.session_state.get(TEAM)
    round_id = st.session_state.get(_round_key(team_id)) if isinstance(team_id, int) else None
    compare = st.session_state.get(COMPARE)
    page = teams.lead_page(session.store(), lead.id, team_id if isinstance(team_id, int) else None,
                           round_id if isinstance(round_id, int) else None,
                           compare if isinstance(compare, str) else None, session.lang())
    _watch(current.id, page.team.id if page.team else None)  # the team shown, as the service resolved it
    if not page.teams:
        st.info(t("coach.no_teams", email=plain(lead.email)) if page.coach else t("lead.no_teams"),
                icon=":material/groups:")
    if not page.coach:
        with st.expander(t("lead.create_team"), expanded=not page.teams, icon=":material/group_add:"):
            with st.form("create-team", border=False):
                st.text_input(t("lead.team_name"), key=NEW_TEAM, max_chars=100)
                st.form_submit_button(t("lead.create_team_button"), type="primary", on_click=_create_team,
                                      key="create-team")
    if page.team is None:
        if page.coach:
            items.section(lead.id)  # how the questionnaire works in the organisation
        return

    # The choices shown are the ones the service resolved among the account's teams.
    team, chosen = page.team, page.round
    # Pickers work by id; their labels are made distinct, as a selectbox tells options apart by label.
    team_labels = distinct({candidate.id: candidate.name if candidate.lead_id == lead.id
                            else t("coach.team_label", team=candidate.name, lead=candidate.lead_name)
                            for candidate in page.teams})
    st.session_state[TEAM] = team.id
    st.selectbox(t("lead.choose_team"), list(team_labels), key=TEAM, format_func=team_labels.__getitem__)
    round_labels = distinct({r.id: t("lead.round_label", number=r.number, date=r.created_at.strftime("%Y-%m-%d"))
                             + (f" · {t('export.link_closed')}" if r.closed else "")
                             for r in reversed(team.rounds)})  # latest first
    st.session_state[_round_key(team.id)] = chosen.id
    pick, new = st.columns([3, 1], vertical_alignment="bottom") if page.own else (st.container(), None)
    pick.selectbox(t("lead.choose_round"), list(round_labels), key=_round_key(team.id),
                   format_func=round_labels.__getitem__, on_change=session.drop, args=(COMPARE,))
    if page.own:
        _new_round_button(team, new)
        _invite(team, chosen)
        _team_settings(team)
        _coaches(team, page.grants)
    else:
        st.info(t("coach.viewing", team=plain(team.name), lead=plain(team.lead_name)), icon=":material/school:")
    dashboard.render(team, chosen, page.dashboard, COMPARE, own=page.own)
    if page.coach:
        items.section(lead.id)  # how the questionnaire works in the organisation, below the team
