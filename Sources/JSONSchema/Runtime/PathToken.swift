// One step of an instance location while errors are collected.

/// One step of an instance location.
enum PathToken {
    /// An in-place subschema: no step in the instance.
    case none
    case key(String)
    case index(Int)
}

/// One entry of the evaluation path: the keyword-location segment (index into
/// ``Program/paths``) and the instance step.
struct PathEntry {
    let keyword: Int32
    let token: PathToken
}
