// Child processes in tests (the `gatehouse` binary, Python peers): started with no signal blocked,
// stopped with SIGTERM then SIGKILL, awaited without holding a thread.
import Foundation

extension Process {
    /// `run()` with no signal blocked in the child. A child inherits the signal mask of the thread
    /// that starts it, and the threads tests run on block SIGTERM and SIGINT, so a Python peer
    /// would ignore them until SIGKILL.
    public func runWithSignalsUnblocked() throws {
        var none = sigset_t()
        var saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try run()
    }

    /// Returns once the process has exited, without holding a thread.
    public func exited() async {
        while isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// Sends `signal`, then SIGKILL if it is still running after `grace`; returns once it has exited.
    public func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(5)) async {
        guard isRunning else { return }
        kill(processIdentifier, signal)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        await exited()
    }

    /// For a test that threw before stopping it: SIGTERM now, SIGKILL after `grace`, waiting for neither.
    public func stopInBackground(grace: Duration = .seconds(5)) {
        guard isRunning else { return }
        kill(processIdentifier, SIGTERM)
        let seconds = Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            if isRunning { kill(processIdentifier, SIGKILL) }
        }
    }
}
