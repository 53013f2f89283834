// Building policy sets and policies from Cedar's JSON policy format (EST).

extension PolicySet {
    /// Parses a policy set in Cedar's JSON format:
    /// `{"staticPolicies": {id: policy}, "templates": {id: template}, "templateLinks": [...]}`.
    ///
    /// Each link is `{"templateId": ..., "newId": ..., "values": {"?principal": uid, ...}}`.
    ///
    /// - Throws: ``ParseError`` for malformed JSON or policies, duplicate ids, or bad links.
    public init(json text: String) throws(ParseError) {
        let (policies, links) = try ESTDecoder.policySet(try JSONParser.parse(text))
        var set: PolicySet
        do {
            set = try PolicySet(policies: policies)
        } catch {
            throw ParseError(.duplicatePolicyID, error.message)
        }
        for (i, link) in links.enumerated() {
            let path = "templateLinks[\(i)]"
            guard let template = link["templateId"]?.stringValue, let newID = link["newId"]?.stringValue else {
                throw ParseError(.invalidPolicy, "\(path): needs `templateId` and `newId`")
            }
            let values = link["values"]?.objectValue ?? JSONObject()
            let principal = try values["?principal"].map { (j) throws(ParseError) in try EntityUID.decode(j, at: path) }
            let resource = try values["?resource"].map { (j) throws(ParseError) in try EntityUID.decode(j, at: path) }
            do {
                set = try set.linking(template: PolicyID(template), as: PolicyID(newID), principal: principal, resource: resource)
            } catch {
                throw ParseError(.invalidPolicy, "\(path): \(error.message)")
            }
        }
        self = set
    }
}

extension Policy {
    /// Parses one policy or template in Cedar's JSON format and gives it `id`.
    ///
    /// - Throws: ``ParseError`` for malformed JSON or an invalid policy.
    public init(json text: String, id: PolicyID) throws(ParseError) {
        self = try ESTDecoder.decodePolicy(try JSONParser.parse(text), id: id, at: "policy")
    }
}
