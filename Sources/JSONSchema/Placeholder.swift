// Placeholder: the JSON Schema validator lands with issue 3.
enum JSONSchemaPlaceholder {}
