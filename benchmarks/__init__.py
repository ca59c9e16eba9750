"""newscrawl's benchmark: extraction cost, crawl throughput, memory, export and render start-up (see README.md)."""
