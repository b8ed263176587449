"""For coaches: how the questionnaire works in the organisation (the item report)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from questionnaire import LANGUAGE_NAMES, load_mode_texts
from reports.alt_text import items_text
from reports.charts import item_distribution_chart
from services import instrument
from services.instrument import FLAG_HIGH, FLAG_LOW, MIN_RESULTS

from . import a11y, messages, session

VERSION = "items-version"  # widget keys
GROUP = "items-group"


def section(account_id: int) -> None:
    t = session.catalog()
    with st.expander(t("items.title"), icon=":material/fact_check:", key="item-report"):
        messages.guarded(_render)(account_id)


def _render(account_id: int) -> None:
    t = session.catalog()
    version = st.session_state.get(VERSION)
    group = st.session_state.get(GROUP, "all")
    report = instrument.item_report(session.store(), account_id, session.lang(),
                                    version=version if isinstance(version, str) else None,
                                    group=group if isinstance(group, str) else "all")
    st.caption(t("items.intro", high=round(FLAG_HIGH * 100), low=round(FLAG_LOW * 100)))
    version_col, group_col = st.columns(2)
    st.session_state[VERSION] = report.version
    version_col.selectbox(t("items.version"), report.versions, key=VERSION)
    if report.count is None:
        st.info(t("items.not_yet", min=MIN_RESULTS, version=report.version, pool=report.pool),
                icon=":material/hourglass_empty:")
        return
    st.session_state[GROUP] = report.group
    group_col.selectbox(t("items.group"), report.groups, key=GROUP,
                        format_func=lambda g: t("items.group_all") if g == "all" else LANGUAGE_NAMES[g])
    st.caption(t("items.snapshot", date=report.created_at.strftime("%Y-%m-%d"), count=report.count,
                 group_count=t.number(report.group_count, digits=0),
                 noise=t.number(report.noise_points, digits=1)))
    flagged = [row for row in report.rows if row.flag]
    if flagged:
        st.warning(t("items.flagged", count=len(flagged)), icon=":material/flag:")
    else:
        st.success(t("items.none_flagged"), icon=":material/check:")
    texts = load_mode_texts(session.lang())
    names = {m: texts[m].name for m in texts}
    # The share and the note first, so they stay in view on a phone; a table cell is plain
    # text (not Markdown), so the statements go in as they are.
    share = t("items.col_share")
    st.dataframe(pd.DataFrame({
        t("items.col_number"): [row.number for row in report.rows],
        share: [None if row.share_a is None else round(100 * row.share_a) for row in report.rows],
        t("items.col_flag"): [t(f"items.flag_{row.flag}") if row.flag else "" for row in report.rows],
        t("items.col_a"): [f"{row.a_text} ({names[row.a_mode]})" for row in report.rows],
        t("items.col_b"): [f"{row.b_text} ({names[row.b_mode]})" for row in report.rows],
    }), hide_index=True, width="stretch", key="item-table",
        column_config={share: st.column_config.ProgressColumn(share, format="%d %%", min_value=0, max_value=100,
                                                              width="small")})
    st.markdown(f"**{t('items.distributions')}**")
    a11y.chart(item_distribution_chart(report.distributions, texts, t), "item-distributions",
               items_text(report.distributions, texts, t))
    st.caption(t("items.chart_caption"))
