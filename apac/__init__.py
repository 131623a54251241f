"""Asia-Pacific Atlas: data, geometry, charts and state for the Streamlit app (never renders)."""
