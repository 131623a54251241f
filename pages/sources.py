"""Sources: every source, licence and curation note, rendered from the data packages."""

import streamlit as st

from apac import text, ui
from apac.sources import citations_table, curation_documents, licences, naming_rule, notes

ui.frame_guard()
st.title("Sources and curation")
record, geodata, documents = ui.load(ui.record, ui.geodata_descriptor, curation_documents)

st.markdown(
    "Every membership, summit and incident in the atlas names one of the sources below; the "
    "detail panel on the Explore page shows it beside the record. Dates keep the precision the "
    "sources give (a year or a month is never padded into a false day). The two papers this "
    "project grew from are cited by title: *Russia and the Emerging Institutional Order in the "
    "Asia-Pacific* (Artyom Lukin) and *Prospects for U.S.-Russia Cooperation in the Asia-Pacific "
    "Region* (Jeffrey Mankoff and Oleg Barabanov, 2013)."
)

table = citations_table(record, ui.disputes(), ui.chokepoints())
query = st.text_input("Filter sources", key="source_filter", placeholder="e.g. APEC, 1997, mofa")
if query:
    mask = table.apply(lambda row: query.lower() in " ".join(map(str, row)).lower(), axis=1)
    table = table[mask]
st.caption(f"{len(table)} of {len(record.sources)} sources")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=420,
    column_config={"url": st.column_config.LinkColumn("link")},
)

st.subheader("How places are named")
for paragraph in naming_rule(record.descriptor):
    st.markdown(f"- {text.md(paragraph)}")

st.subheader("Licences")
for line in licences(record.descriptor, geodata):
    st.markdown(f"- {line}")

st.subheader("Curation notes")
for title, items in notes(record.descriptor, geodata):
    with st.expander(title, expanded=False):
        for item in items:
            st.markdown(f"- {text.md(item)}")

st.subheader("How the records were cross-checked")
for title, document in documents:  # the project's own write-ups, as markdown
    with st.expander(text.md(title)):
        st.markdown(document)
