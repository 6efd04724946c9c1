/// A source record's identity across the stages and the catalogue: its source and its id in that source, joined by
/// U+001F, a control character no source name or record id holds (the readers remove control characters from
/// values). One helper, so that every stage builds and splits the key alike.
public enum MemberKey {
    public static func of(source: String, recordId: String) -> String { source + "\u{1F}" + recordId }

    /// (source, record id) of a key `of` built; nil for a string that is none.
    public static func split(_ key: String) -> (source: String, recordId: String)? {
        guard let separator = key.firstIndex(of: "\u{1F}") else { return nil }
        return (String(key[..<separator]), String(key[key.index(after: separator)...]))
    }
}
