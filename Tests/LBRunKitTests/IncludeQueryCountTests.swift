import Foundation
import LBCore
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import Testing

/// `include` reads each relation with one query per nesting level, whatever the number of parents
/// (two through a join model), counted from the SQLite connector's statement trace.
@Suite("include query count")
struct IncludeQueryCountTests {
    static let app: [String: String] = minimalApp([
        "server/datasources.json": #"{ "db": { "connector": "sqlite", "file": "data.db" } }"#,
        "server/model-config.json": """
            { "_meta": { "sources": ["../common/models"] }, "Author": { "dataSource": "db" }, "Post": { "dataSource": "db" },
              "Comment": { "dataSource": "db" }, "Tag": { "dataSource": "db" }, "PostTag": { "dataSource": "db" } }
            """,
        "common/models/author.json": #"{ "name": "Author", "properties": { "name": "string" }, "relations": { "posts": { "type": "hasMany", "model": "Post" } } }"#,
        "common/models/post.json": """
            { "name": "Post", "properties": { "title": "string" }, "relations": {
                "author": { "type": "belongsTo", "model": "Author" }, "comments": { "type": "hasMany", "model": "Comment" },
                "tags": { "type": "hasMany", "model": "Tag", "through": "PostTag" } } }
            """,
        "common/models/comment.json": #"{ "name": "Comment", "properties": { "text": "string" } }"#,
        "common/models/tag.json": #"{ "name": "Tag", "properties": { "label": "string" } }"#,
        "common/models/post-tag.json": """
            { "name": "PostTag", "relations": { "post": { "type": "belongsTo", "model": "Post" }, "tag": { "type": "belongsTo", "model": "Tag" } } }
            """,
    ])

    @Test("40 authors, 3 posts each, 2 comments and 2 tags per post: one query per relation per level")
    func oneQueryPerLevel() async throws {
        let directory = try TemporaryApp(Self.app)
        let counter = StatementCounter()
        let app = try await LBRun.boot(
            appDirectory: directory.path, environment: "production", variables: [:],
            logger: Logger(label: "count", factory: { _ in counter.handler }))
        defer { Task { await app.shutdown() } }
        let authors = try app.model("Author"), posts = try app.model("Post"), comments = try app.model("Comment")
        let tags = try app.model("Tag"), links = try app.model("PostTag")
        _ = try await tags.create(["label": "a"] as JSONValue)
        _ = try await tags.create(["label": "b"] as JSONValue)
        for a in 1...40 {
            _ = try await authors.create(["name": .string("author \(a)")] as JSONValue)
            for p in 1...3 {
                let post = try await posts.create(["title": .string("post \(a).\(p)"), "authorId": .number(Double(a))] as JSONValue)
                let postId = post["id"] ?? .null
                for c in 1...2 { _ = try await comments.create(["text": .string("c\(c)"), "postId": postId] as JSONValue) }
                for t in 1...2 { _ = try await links.create(["postId": postId, "tagId": .number(Double(t))] as JSONValue) }
            }
        }

        var found: [JSONValue] = []
        let twoLevels = try await counter.count {
            found = try await authors.find(filter: ["include": ["posts": "comments"]]).map { .object($0) }
        }
        #expect(twoLevels == 3)  // authors, posts, comments
        #expect(found.count == 40)
        #expect(found.allSatisfy { $0["posts"]?.arrayValue?.count == 3 })
        #expect(found.allSatisfy { author in author["posts"]?.arrayValue?.allSatisfy { $0["comments"]?.arrayValue?.count == 2 } == true })

        let limited = try await counter.count {
            found = try await authors.find(filter: [
                "fields": ["name"], "include": ["relation": "posts", "scope": ["order": "id DESC", "limit": 1, "fields": ["title"]]],
            ]).map { .object($0) }
        }
        #expect(limited == 2)
        #expect(found.first == ["name": "author 1", "posts": [["title": "post 1.3"]]])
        #expect(found.allSatisfy { $0["posts"]?.arrayValue?.count == 1 })

        let through = try await counter.count {
            found = try await posts.find(filter: ["include": ["tags", "author"]]).map { .object($0) }
        }
        #expect(through == 4)  // posts, link rows, tags, authors
        #expect(found.count == 120)
        #expect(found.allSatisfy { $0["tags"]?.arrayValue?.compactMap { $0["label"]?.stringValue } == ["a", "b"] })
        #expect(found.allSatisfy { $0["author"]?["name"] != nil })
    }
}
