// Waiting in tests for something another task or process does: one polling helper for every test
// target, so each test says what it waits for and asserts on what it got.

/// What `fetch` returns once `ready` holds for it, or what it returns at `timeout`; the caller
/// asserts on the value, so a condition that never holds still fails the test.
public func eventually<T>(
    timeout: Duration, interval: Duration = .milliseconds(20), until ready: (T) -> Bool, _ fetch: () async throws -> T
) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while true {
        let value = try await fetch()
        if ready(value) || ContinuousClock.now >= deadline { return value }
        try await Task.sleep(for: interval)
    }
}

/// Whether `condition` came to hold within `timeout` (checked every `interval`).
public func eventually(timeout: Duration, interval: Duration = .milliseconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
    try await eventually(timeout: timeout, interval: interval, until: { $0 }, condition)
}
