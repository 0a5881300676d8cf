"""Full-text search over notes, facts and follow-ups (SQLite FTS5, kept by triggers)."""

from __future__ import annotations

from custlog.models import SearchHit
from custlog.storage.sql import Repository

_SEARCH = """
    SELECT 'note' AS source, n.id, n.customer_id, c.name AS customer, n.text,
           snippet(notes_fts, 0, char(2), char(3), '…', 12) AS snippet, n.at AS at,
           bm25(notes_fts) AS rank
      FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid
      JOIN customers c ON c.id = n.customer_id
     WHERE notes_fts MATCH :q
    UNION ALL
    SELECT 'fact', f.id, f.customer_id, c.name, f.topic || ': ' || f.text,
           snippet(facts_fts, 1, char(2), char(3), '…', 12), f.learned, bm25(facts_fts)
      FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid
      JOIN customers c ON c.id = f.customer_id
     WHERE facts_fts MATCH :q AND f.superseded_by IS NULL
    UNION ALL
    SELECT 'followup', u.id, u.customer_id, c.name, u.text,
           snippet(followups_fts, 0, char(2), char(3), '…', 12), u.due, bm25(followups_fts)
      FROM followups_fts JOIN followups u ON u.id = followups_fts.rowid
      JOIN customers c ON c.id = u.customer_id
     WHERE followups_fts MATCH :q
    ORDER BY rank, at DESC
    LIMIT :limit
"""


class Search(Repository):
    def find(self, match: str, limit: int = 200) -> list[SearchHit]:
        """The best `limit` hits for an FTS5 `match` expression (matches marked with \\x02
        and \\x03 in the snippets); superseded facts are not searched."""
        rows = self.conn.execute(_SEARCH, {"q": match, "limit": limit}).fetchall()
        return [
            SearchHit(
                source=r["source"],
                id=r["id"],
                customer_id=r["customer_id"],
                customer=r["customer"],
                text=r["text"],
                snippet=r["snippet"],
                at=r["at"],
                rank=r["rank"],
            )
            for r in rows
        ]
