// Which context attributes a policy can observe. An application that evaluates some policies
// before part of the context is known (Gatehouse lists tools before their arguments exist) uses
// this to tell the policies that cannot depend on the missing part from those that can.

extension Policy {
    /// The top-level context attributes this policy's conditions read, or `nil` when they use the
    /// context as a whole value (`context == {...}`, `[context]`, a record built from it), which
    /// can observe every attribute.
    ///
    /// A read is `context.a`, `context["a"]` or `context has a`: each observes attribute `a` only.
    /// The scope never reads the context.
    ///
    /// ```swift
    /// let p = try Policy(cedar: #"forbid (principal, action, resource) when { context.arguments.a > 1 };"#, id: "p")
    /// p.contextAttributesRead   // ["arguments"]
    /// ```
    public var contextAttributesRead: Set<String>? {
        var read = Set<String>()
        var contextUses = 0
        var attributeUses = 0
        for condition in conditions {
            condition.expression.visit { e in
                switch e {
                case .variable(.context):
                    contextUses += 1
                case .getAttribute(.variable(.context), let name), .hasAttribute(.variable(.context), let name):
                    attributeUses += 1
                    read.insert(name)
                default:
                    break
                }
            }
        }
        // Every use of `context` accounted for by an attribute read means nothing else sees it.
        return contextUses == attributeUses ? read : nil
    }
}
