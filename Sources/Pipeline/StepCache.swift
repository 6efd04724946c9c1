import Crypto
import Foundation
import KaartenbakCore
import Deduplication
#if canImport(Glibc)
import Glibc
#endif

/// Reuse of parse and normalise outputs whose inputs have not changed: a feed that answered
/// 304 Not Modified (or whose bytes are the same) is not parsed again, unless the source's
/// definition, the program, or (for normalise) the taxonomy changed since.
///
/// Each such step records a key, a hash of everything its output depends on; an earlier run's
/// step with the same key and its files still there is taken over by hard links.
struct StepCache: Sendable {
    let store: RunStore

    /// How far back to look: older outputs are likely pruned anyway.
    static let horizon = 14

    /// Parse output depends on the payload, the source definition and the program.
    static func parseKey(payloadSHA256: String, source: SourceDefinition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let definition = (try? encoder.encode(source)) ?? Data()
        return digest([payloadSHA256, String(decoding: definition, as: UTF8.self), programIdentity])
    }

    /// Normalise output depends on the parse output and the taxonomy (and the program, through the parse key).
    static func normaliseKey(parseKey: String, taxonomyVersion: String) -> String {
        digest([parseKey, taxonomyVersion])
    }

    /// What normalising a record depends on besides the record (`NormalisedMemory`): of the
    /// source's definition, what `Normaliser.normalise` reads (name, publisher, region; the mapping
    /// acts at parse, and a byte cap or a URL changes nothing a record becomes), the taxonomy with
    /// the operator's overrides, and the program.
    static func normaliserIdentity(source: SourceDefinition, taxonomyVersion: String) -> String {
        digest([source.name, source.publisher.rawValue, source.region ?? "", taxonomyVersion, programIdentity])
    }

    /// The running executable's size and modification time: any rebuild invalidates reuse, so
    /// a code change never meets an output of the old code.
    static let programIdentity: String = {
        // /proc/self/exe is a link: its own times are the process's; follow it to the file.
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size], let modified = attributes[.modificationDate] as? Date else {
            return UUID().uuidString // unknown: never reuse
        }
        return "\(size)@\(modified.timeIntervalSince1970)"
    }()

    static func digest(_ parts: [String]) -> String {
        SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).hexString
    }

    /// The files a stage writes for a source.
    func outputs(_ stage: Stage, _ runId: String, _ source: String) -> [String] {
        switch stage {
        case .parse: return [store.parsed(runId, source), store.rejects(runId, source)]
        case .normalise: return [store.normalised(runId, source), NormalisedMemory.path(forOutput: store.normalised(runId, source))]
        default: return []
        }
    }

    /// Links an earlier run's output with the same key into `runId` and returns its counts, or nil.
    func reuse(_ stage: Stage, source: String, key: String, into runId: String) -> StepResult? {
        for earlier in store.runIds().filter({ $0 < runId }).prefix(Self.horizon) {
            guard let manifest = try? store.loadManifest(earlier), let step = manifest.step(stage, source),
                  step.status == .succeeded, step.inputKey == key else { continue }
            var from = outputs(stage, earlier, source)
            var to = outputs(stage, runId, source)
            if stage == .normalise {
                // An output with an index comes with it and the files it refers to (`NormalisedLines`); an index
                // of an earlier attempt tonight goes, whatever comes.
                guard let names = try? NormalisedLines.companions(output: from[0]) else { continue }
                unlink(NormalisedLines.indexPath(forOutput: to[0]))
                NormalisedLines.removeUnlisted(output: to[0], keeping: Set(names))
                let folders = [from[0], to[0]].map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
                from += names.map { folders[0] + "/" + $0 }
                to += names.map { folders[1] + "/" + $0 }
            }
            // A published run's parse records are not kept (`RunTrimmer`): the step is taken over without them, and
            // the records are read from the payload again only if normalising needs them.
            let needed = stage == .parse ? [store.rejects(earlier, source)] : from
            guard needed.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { continue }
            do {
                for (old, new) in zip(from, to) where FileManager.default.fileExists(atPath: old) { try Self.link(old, new) }
            } catch {
                continue
            }
            var result = StepResult(counts: step.counts, notes: step.notes)
            result.incomplete = step.incomplete
            result.emptyFields = step.emptyFields
            result.inputKey = step.inputKey
            result.reusedFrom = step.reusedFrom ?? earlier
            return result
        }
        return nil
    }

    /// Hard link (no copy), falling back to a copy across file systems; durable either way.
    static func link(_ old: String, _ new: String) throws {
        try DurableFiles.makeDirectory(URL(fileURLWithPath: new).deletingLastPathComponent().path)
        try? FileManager.default.removeItem(atPath: new)
        do {
            try FileManager.default.linkItem(atPath: old, toPath: new)
        } catch {
            try FileManager.default.copyItem(atPath: old, toPath: new)
        }
        try DurableFiles.fsync(path: URL(fileURLWithPath: new).deletingLastPathComponent().path)
    }
}

extension StepResult {
    /// The result with its input key, so later runs can reuse the output.
    func keyed(_ key: String) -> StepResult {
        var copy = self
        copy.inputKey = key
        return copy
    }
}
