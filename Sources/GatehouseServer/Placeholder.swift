// Placeholder for GatehouseServer.
enum GatehouseServerPlaceholder {}
