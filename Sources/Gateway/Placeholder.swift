// Placeholder for Gateway.
enum GatewayPlaceholder {}
