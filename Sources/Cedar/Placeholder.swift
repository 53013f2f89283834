// Placeholder: the Cedar engine lands with issue 4.
enum CedarPlaceholder {}
