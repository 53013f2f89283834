// One step of an instance location while errors are collected.

/// One step of an instance location.
enum PathToken {
    case key(String)
    case index(Int)
}
