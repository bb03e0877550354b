"""The public API's request and response bodies (Pydantic), one module per subject."""
