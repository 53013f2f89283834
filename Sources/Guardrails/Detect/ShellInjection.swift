// Shell command injection in an argument: a command chained, piped or substituted into a value
// (`report.txt; rm -rf /`, `$(curl evil.sh)`, `x`id``, `a && wget …`, a newline then a command,
// `> ~/.bashrc`). The detector looks at each shell metacharacter and asks whether a known command
// follows it in command position with something that reads as its arguments, so prose with a
// semicolon ("tea; cat videos are fun") or a Markdown code span ("run `ls` to list") does not count.

enum ShellInjection {
    /// Commands attackers chain in; their presence after a separator is the signal.
    static let commands: Set<String> = [
        "rm", "curl", "wget", "nc", "ncat", "netcat", "socat", "bash", "sh", "zsh", "dash", "ksh", "csh", "python", "python2", "python3",
        "perl", "ruby", "php", "node", "lua", "cat", "ls", "id", "whoami", "uname", "hostname", "chmod", "chown", "mkfifo", "telnet",
        "ssh", "scp", "ftp", "tftp", "sleep", "ping", "nslookup", "dig", "base64", "xxd", "eval", "exec", "sudo", "su", "kill", "pkill",
        "killall", "reboot", "shutdown", "halt", "dd", "mkfs", "crontab", "echo", "printf", "touch", "cp", "mv", "tar", "unzip", "powershell",
        "pwsh", "cmd", "certutil", "bitsadmin", "systemctl", "env", "export", "openssl", "awk", "find", "xargs", "tee", "head", "tail",
        "chattr", "useradd", "passwd", "iptables", "nohup", "setsid", "busybox", "wmic", "reg", "net", "mshta", "rundll32", "regsvr32",
        "cscript", "wscript", "bitsadmin", "env",
    ]
    /// Commands that need nothing after them to be a complete attack (`; id`, `| sh`).
    static let bareCommands: Set<String> = ["id", "whoami", "uname", "sh", "bash", "zsh", "reboot", "shutdown", "halt", "ls", "env", "hostname", "cmd", "pwsh", "powershell"]

    /// A hit at the metacharacter at `i`, or `nil`.
    static func at(_ i: Int, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        let b = t[i]
        switch b {
        case 0x3B:  // ;
            return chained(from: i + 1, start: i, in: t, strict: false)
        case 0x26:  // & and &&
            let next = i + 1 < t.count && t[i + 1] == 0x26 ? i + 2 : i + 1
            if next == i + 1, i > 0, t[i - 1] == 0x26 { return nil }
            return chained(from: next, start: i, in: t, strict: next == i + 1)
        case 0x7C:  // | and ||
            if i > 0, t[i - 1] == 0x7C { return nil }
            let next = i + 1 < t.count && t[i + 1] == 0x7C ? i + 2 : i + 1
            return chained(from: next, start: i, in: t, strict: next == i + 1)
        case 0x0A, 0x0D:
            return chained(from: i + 1, start: i, in: t, strict: true)
        case 0x60:  // `…`
            // A Markdown code span stands apart from the words around it; substitution is glued
            // to them (`name`id``, `` `cat x`.txt ``) or is the whole value.
            if i > 0, t[i - 1] == 0x60 || t[i - 1] == 0x28 { return nil }
            if i == 0 || ByteClass.isSpace(t[i - 1]) {
                var close = i + 1
                while close < t.count, t[close] != 0x60 { close += 1 }
                guard close < t.count else { return nil }
                let gluedAfter = close + 1 < t.count && !ByteClass.isSpace(t[close + 1]) && ByteClass.isAlnum(t[close + 1])
                let wholeValue = i == 0 && close == t.count - 1
                guard gluedAfter || wholeValue else { return nil }
            }
            return substitution(from: i + 1, start: i, closing: 0x60, in: t)
        case 0x24:  // $( and ${IFS}
            guard i + 1 < t.count else { return nil }
            if t[i + 1] == 0x28 { return substitution(from: i + 2, start: i, closing: 0x29, in: t) }
            if t[i + 1] == 0x7B, ByteClass.hasPrefix(t, at: i + 2, "ifs") { return TextHit(detector: .shellInjection, kind: "ifs_evasion", range: i..<min(t.count, i + 6)) }
            return nil
        case 0x3E:  // > /path, >> ~/.bashrc
            var j = i + 1
            if j < t.count, t[j] == 0x3E { j += 1 }
            if i > 0, t[i - 1] == 0x3E || t[i - 1] == 0x2D || t[i - 1] == 0x3D { return nil }
            j = ByteClass.skipSpaces(t, from: j, limit: 2)
            guard j + 1 < t.count, t[j] == 0x2F || (t[j] == 0x7E && t[j + 1] == 0x2F) else { return nil }
            guard ByteClass.isLetter(t[j + 1]) || t[j + 1] == 0x2F || t[j + 1] == 0x2E else { return nil }
            var e = j
            while e < t.count, !ByteClass.isSpace(t[e]) { e += 1 }
            return TextHit(detector: .shellInjection, kind: "redirection", range: i..<e)
        default:
            return nil
        }
    }

    /// A command after a separator. `strict` (pipes, newlines, single `&`) demands arguments or a
    /// command that needs none.
    private static func chained(from: Int, start: Int, in t: UnsafeBufferPointer<UInt8>, strict: Bool) -> TextHit? {
        let i = ByteClass.skipSpaces(t, from: from, limit: 8)
        guard let (name, end) = commandWord(at: i, in: t), commands.contains(name) else { return nil }
        // `a=1&cat=5` is a query string: a command is followed by a space, a separator or the end.
        guard end == t.count || ByteClass.isSpace(t[end]) || [0x3B, 0x26, 0x7C, 0x60, 0x29, 0x3E, 0x3C].contains(t[end]) else { return nil }
        let after = ByteClass.skipSpaces(t, from: end, limit: 4)
        // A wrapper (`sudo su`, `nohup sh -i`, `xargs rm`) is followed by the command it runs.
        let argument = after < t.count ? argumentLike(at: after, in: t) || commandWord(at: after, in: t).map { commands.contains($0.0) } == true : false
        let complete = after >= t.count || [0x3B, 0x26, 0x7C, 0x60, 0x29, 0x0A, 0x23].contains(t[after])
        if strict ? (argument || (complete && bareCommands.contains(name))) : (argument || complete) {
            var e = after
            while e < t.count, t[e] != 0x0A, e - start < 200 { e += 1 }
            return TextHit(detector: .shellInjection, kind: "command_chaining", range: start..<max(end, e))
        }
        return nil
    }

    private static func substitution(from: Int, start: Int, closing: UInt8, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        let i = ByteClass.skipSpaces(t, from: from, limit: 4)
        guard let (name, _) = commandWord(at: i, in: t), commands.contains(name) else { return nil }
        var e = i
        while e < t.count, t[e] != closing, e - start < 200 { e += 1 }
        return TextHit(detector: .shellInjection, kind: "command_substitution", range: start..<min(t.count, e + 1))
    }

    /// The command name at `i` (path stripped, lowercased) and where it ends.
    static func commandWord(at i: Int, in t: UnsafeBufferPointer<UInt8>) -> (String, Int)? {
        var e = i
        while e < t.count, ByteClass.isAlnum(t[e]) || t[e] == 0x2F || t[e] == 0x2E || t[e] == 0x5F || t[e] == 0x2D { e += 1 }
        guard e > i, e - i < 64 else { return nil }
        var s = i
        for k in i..<e where t[k] == 0x2F { s = k + 1 }
        guard s < e else { return nil }
        var name = String(decoding: t[s..<e], as: UTF8.self).lowercased()
        if name.hasSuffix(".exe") { name.removeLast(4) }
        return (name, e)
    }

    /// Whether the token at `i` reads as a command argument: a flag, a path, a URL, a number, a
    /// quoted string, a variable, a redirection, or a word with `.`/`/`/`:`/`=` in it.
    private static func argumentLike(at i: Int, in t: UnsafeBufferPointer<UInt8>) -> Bool {
        let b = t[i]
        if b == 0x2D || b == 0x2B || b == 0x2F || b == 0x7E || b == 0x2E || b == 0x24 || b == 0x22 || b == 0x27 || b == 0x3E || b == 0x3C
            || ByteClass.isDigit(b)
        {
            return true
        }
        var e = i
        while e < t.count, !ByteClass.isSpace(t[e]), e - i < 128 {
            if [0x2E, 0x2F, 0x3A, 0x3D, 0x40].contains(t[e]) { return true }
            e += 1
        }
        return false
    }
}
