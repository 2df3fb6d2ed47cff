import ArgumentParser
import AssetMapServer
import AssetMapStore
import Foundation

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "API keys for the HTTP API: stored only as SHA-256 hashes; a key is shown once, when created.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key. --json prints {\"id\", \"role\", \"key\"}; the key cannot be shown again.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "partner (also sees partners-only sources), officer or admin (see everything, may write).") var role: String
        @Option(help: "A note on whom the key is for.") var label: String?

        func run() async throws {
            guard let parsed = Role(rawValue: role), parsed != .anonymous else {
                throw ValidationError("--role must be partner, officer or admin")
            }
            let issued = try APIKeys(store: try global.openStore()).create(role: parsed, label: label)
            if output.json { return try Output.json(issued) }
            Output.fields([("id", issued.id), ("role", issued.role), ("key", issued.key)])
            Output.warn("store the key now: only its hash is kept, it cannot be shown again")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every key: id, role, label, created, revoked (never the key).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let keys = try global.openStore().apiKeys()
            if output.json { return try Output.json(keys) }
            if keys.isEmpty { return print("no API keys: create one with `assetmap keys create --role partner`") }
            Output.table(
                ["id", "role", "label", "created", "revoked"],
                keys.map { [$0.id, $0.role, $0.label.orDash, $0.createdAt, $0.revokedAt.orDash] })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; a running server refuses it from the next request.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The key's id (from `keys list`).") var id: String

        func run() async throws {
            let info = try global.openStore().revokeAPIKey(id: id)
            if output.json { return try Output.json(info) }
            print("revoked \(info.id) (\(info.role)) at \(info.revokedAt ?? "-")")
        }
    }
}
