// Placeholder for Registry.
enum RegistryPlaceholder {}
