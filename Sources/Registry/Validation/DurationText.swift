// Durations as people type them on the command line and in requests: `30d`, `12h`, `90m`, `2w`.
import Foundation

/// Parses short duration texts.
package enum DurationText {
    /// Seconds in `text` (`30d`, `12h`, `90m`, `45s`, `2w`): a positive whole number and a unit.
    /// - Throws: ``RegistryError`` `.invalid` saying what is accepted.
    package static func seconds(_ text: String) throws -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unitCharacter = trimmed.last, let unit = units[unitCharacter], let count = Int(trimmed.dropLast()), count > 0
        else {
            throw RegistryError(.invalid, "\"\(text)\" is not a duration; use a whole number and a unit (s, m, h, d or w), such as 30d or 12h.")
        }
        let seconds = TimeInterval(count) * unit
        guard seconds <= 100 * 365 * 86_400 else {
            throw RegistryError(.invalid, "\"\(text)\" is longer than 100 years; omit the expiry for a key that does not expire.")
        }
        return seconds
    }
}
