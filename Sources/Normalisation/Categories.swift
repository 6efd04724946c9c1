import KaartenbakCore

/// Contract types and education levels from the many ways feeds spell them.
public enum ContractValue {
    /// Ordered: the first matching rule wins, so specific words come before general ones.
    static let rules: [(words: [String], value: String)] = [
        (["bbl", "leerwerk", "apprentice", "leer-werk"], "apprenticeship"),
        (["stage", "intern", "afstudeer"], "internship"),
        (["uitzend", "temporary agency", "via ons", "fase a", "fase 1"], "temp_agency"),
        (["freelance", "zzp", "selfemployed", "self-employed", "contractor", "opdracht"], "freelance"),
        (["oproep", "nul-uren", "nuluren", "oncall", "on call", "per_diem"], "on_call"),
        (["vakantie", "seizoen", "seasonal", "holiday"], "seasonal"),
        (["vrijwillig", "volunteer"], "volunteer"),
        (["temporarytohire", "contracttohire", "uitzicht op vast", "kans op vast", "optie op vast"], "temporary_to_permanent"),
        (["vast", "onbepaalde", "permanent", "directhire", "direct hire", "full_time", "vaste"], "permanent"),
        (["tijdelijk", "bepaalde tijd", "jaarcontract", "temporary", "contract", "detachering", "projectbasis"], "temporary"),
    ]

    public static func parse(_ text: String) -> String? {
        let lower = text.lowercased()
        return rules.first { rule in rule.words.contains { lower.containsBytes($0) } }?.value
    }
}

public enum EducationValue {
    static let rules: [(words: [String], value: String)] = [
        (["wo ", "wo-", "wo/", "universit", "master", "academisch", "wetenschappelijk"], "wo"),
        (["hbo", "bachelor", "hogeschool", "hoger beroeps"], "hbo"),
        (["vwo", "atheneum", "gymnasium"], "vwo"),
        (["havo"], "havo"),
        (["mbo", "middelbaar beroeps", "roc"], "mbo"),
        (["vmbo", "mavo", "lbo", "vbo"], "vmbo"),
        (["geen opleiding", "geen diploma", "basisonderwijs", "none"], "none"),
    ]

    public static func parse(_ text: String) -> String? {
        let lower = " " + text.lowercased() + " "
        // "mbo" is a substring of "vmbo": check the longer word first.
        if lower.containsBytes("vmbo") && !lower.containsBytes(" mbo") { return "vmbo" }
        if lower.trimmingCharacters(in: .whitespaces) == "wo" { return "wo" }
        return rules.first { rule in rule.words.contains { lower.containsBytes($0) } }?.value
    }
}

/// A source's own word that a vacancy is no longer open (HR Open PositionOpeningStatusCode and the like).
public enum StatusValue {
    static let closedWords = ["closed", "inactive", "filled", "expired", "cancelled", "canceled", "withdrawn",
                              "gesloten", "vervuld", "verlopen", "ingetrokken", "inactief", "vervallen"]

    static let repostWords = ["repost", "republish", "herplaats", "heropen", "opnieuw"]

    public static func isClosed(_ text: String?) -> Bool {
        guard let lower = text?.lowercased().trimmingCharacters(in: .whitespacesAndNewlines) else { return false }
        return closedWords.contains { lower.containsBytes($0) }
    }

    /// A status such as "reposted" or "herplaatst": the record is a new posting of an earlier vacancy.
    public static func isRepost(_ text: String?) -> Bool {
        guard let lower = text?.lowercased() else { return false }
        return repostWords.contains { lower.containsBytes($0) }
    }
}

/// Yes/no values as feeds write them: "ja", "nee", "true", "0", "Y", ...
public enum FlagValue {
    static let yes: Set<String> = ["ja", "j", "yes", "y", "true", "waar", "1", "x"]
    static let no: Set<String> = ["nee", "n", "no", "false", "onwaar", "0", ""]

    /// Nil for a missing or unreadable value.
    public static func parse(_ text: String?) -> Bool? {
        guard let lower = text?.lowercased().trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        if yes.contains(lower) { return true }
        if no.contains(lower) { return false }
        return nil
    }
}
