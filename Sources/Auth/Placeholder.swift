// Placeholder for Auth.
enum AuthPlaceholder {}
