import Foundation
import Hummingbird
import KaartenbakCore

/// An error as the client sees it: RFC 9457 problem details (`application/problem+json`), with a
/// one-line title naming what and why.
struct Problem: Error, Sendable {
    var status: HTTPResponse.Status
    var title: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ title: String, headers: HTTPFields = [:]) {
        self.status = status
        // One line, whatever a message carried.
        self.title = title.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.headers = headers
    }

    var response: Response {
        var out = JSONBytes()
        out.open("{")
        out.field("status", status.code)
        out.field("title", title)
        out.field("type", "about:blank")
        out.close("}")
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: out.bytes)))
    }
}
