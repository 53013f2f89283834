// Placeholder for Store.
enum StorePlaceholder {}
