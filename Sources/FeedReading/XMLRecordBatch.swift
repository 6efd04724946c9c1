import KaartenbakCore

/// Finished records as the libxml2 thread copies them out of the reader: raw value bytes, not yet Strings.
///
/// The thread that called `FeedReader.read` turns them into `RawRecord`s (HTML to text, white space, entities),
/// so that this work overlaps libxml2's parsing of the next records. A batch holds a few dozen records to keep
/// the hand-over's locking rare; the last batch of a read carries `end`.
struct XMLRecordBatch: Sendable {
    /// How a piece's bytes become a value.
    enum Kind: Sendable {
        /// Element text: white space collapsed, entities left by the feed decoded.
        case text
        /// An attribute value: white space collapsed (libxml2 has expanded its references).
        case attribute
        /// A description, possibly HTML (or XHTML child elements rebuilt as markup): made plain text.
        case description
    }
    struct Piece: Sendable {
        var field: VacancyField
        var kind: Kind
        var bytes: Range<Int>
    }
    struct Record: Sendable {
        var ordinal: Int
        /// Line of the record's start tag.
        var line: Int
        /// Why the record is rejected whatever its values (a limit), or nil.
        var problem: String?
        var pieces: Range<Int>
    }

    var bytes: [UInt8] = []
    var pieces: [Piece] = []
    var records: [Record] = []
    /// Set on the last batch: why reading ended.
    var end: XMLReadEnd?

    /// Adds a piece to the record being read (pieces of a record that never finishes are never looked at).
    mutating func append(_ field: VacancyField, _ kind: Kind, _ value: UnsafeRawBufferPointer) {
        let start = bytes.count
        bytes.append(contentsOf: value)
        pieces.append(Piece(field: field, kind: kind, bytes: start..<bytes.count))
    }

    /// Forgets the pieces from index `first` on (a record that is not handed over).
    mutating func dropPieces(from first: Int) {
        guard first < pieces.count else { return }
        bytes.removeSubrange(pieces[first].bytes.lowerBound...)
        pieces.removeSubrange(first...)
    }

    /// The values of `record` in the order they were met, empty ones left out.
    func values(of record: Record, into values: inout RecordValues) {
        bytes.withUnsafeBytes { all in
            for piece in pieces[record.pieces] {
                let raw = UnsafeRawBufferPointer(rebasing: all[piece.bytes])
                let value: String
                switch piece.kind {
                case .text:
                    value = TextBytes.cleanStringDecodingEntities(raw)
                case .attribute:
                    value = TextBytes.cleanString(raw)
                case .description:
                    value = DescriptionText(bytes: raw).text
                }
                if !value.isEmpty { values.append(piece.field, value) }
            }
        }
    }
}

/// Why the libxml2 thread stopped reading, with what the summary needs from its side.
struct XMLReadEnd: Sendable {
    enum Reason: Sendable {
        /// The whole feed was read.
        case endOfFeed
        /// The consumer stopped taking records.
        case stopped
        /// Elements nested deeper than the limit: reading stopped there.
        case tooDeep(depth: Int, line: Int)
        /// A fatal parser error. `open` is the record it cut off (ordinal, line of its start tag), if any;
        /// `readable` is false when nothing of the feed was recognised before it (the file is not such a feed).
        case notWellFormed(line: Int, message: String, open: (ordinal: Int, line: Int)?, readable: Bool)
        /// An error that makes the whole feed untrusted (unreadable file, unsafe DTD).
        case failed(any Error)
        /// The read ran past `limits.parse_timeout` and stopped for good.
        case outOfTime(line: Int)

        /// A fault in the feed that the pieces mode reads past.
        var isFault: Bool {
            switch self {
            case .tooDeep, .notWellFormed: return true
            case .endOfFeed, .stopped, .failed, .outOfTime: return false
            }
        }
    }
    var reason: Reason
    /// Set when reading went on after this fault, at the next record's start tag on this line.
    var resumedAtLine: Int?
    var bytesRead = 0
    var encoding: TextEncoding = .utf8
    var recoveredEntities = 0
}
