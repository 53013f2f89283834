// Placeholder for MCPCore.
enum MCPCorePlaceholder {}
