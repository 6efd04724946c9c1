import Foundation
import KaartenbakCore
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL target is: `KAARTENBAK_POSTGRES_URL`, in libpq's URL form
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/socket/dir&sslmode=disable|prefer|require]`.
/// One variable rather than libpq's PG* set: cron and systemd pass one secret more easily than six.
/// The password is kept only for connecting; `description` never shows it.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public static let environmentVariable = "KAARTENBAK_POSTGRES_URL"

    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case socket(path: String)
    }

    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var user: String
    public var database: String
    public var tls: TLSMode
    let password: String?

    /// The location named by the environment, or a configuration error naming the variable (never its value:
    /// it may hold a password).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresLocation {
        guard let text = environment[environmentVariable], !text.isEmpty else {
            throw KaartenbakError(.configuration, "\(environmentVariable) is not set: it names the PostgreSQL database the postgres target publishes to (postgres://user@host:port/database)")
        }
        return try PostgresLocation(url: text)
    }

    public init(url text: String) throws {
        func refuse(_ why: String) -> KaartenbakError {
            KaartenbakError(.configuration, "\(Self.environmentVariable) is not a usable PostgreSQL URL: \(why)")
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw refuse("expected postgres://user@host:port/database")
        }
        // URLComponents decodes user, password and path itself (a password may hold %40 for "@").
        guard let user = url.user, !user.isEmpty else { throw refuse("it names no user") }
        self.user = user
        password = url.password
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : path
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
        let port = url.port ?? 5432
        if let directory = query["host"], directory.hasPrefix("/") {
            // libpq's convention: a host that is a folder means the server's unix socket in it.
            endpoint = .socket(path: directory + "/.s.PGSQL.\(port)")
        } else if let host = url.host, !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else {
            throw refuse("it names no host (or ?host=/socket/folder)")
        }
        let mode = query["sslmode"] ?? "prefer"
        switch mode {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw refuse("unknown sslmode '\(mode)' (disable, prefer, require)")
        }
        if case .socket = endpoint { tls = .disable }
    }

    /// For logs and messages: user, host and database, never the password.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port): return "postgres://\(user)@\(host):\(port)/\(database)"
        case .socket(let path): return "postgres://\(user)@/\(database)?socket=\(path)"
        }
    }

    func configuration() throws -> PostgresConnection.Configuration {
        switch endpoint {
        case .socket(let path):
            return PostgresConnection.Configuration(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            return PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                    database: database, tls: tls)
        }
    }
}
