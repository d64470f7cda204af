package server

// SetSitemapMax lowers the URLs per sitemap for a test; the returned func
// puts it back.
func SetSitemapMax(n int) (restore func()) {
	old := sitemapMax
	sitemapMax = n
	return func() { sitemapMax = old }
}

// SetTopicListMax lowers the studies a topic page lists for a test.
func SetTopicListMax(n int) (restore func()) {
	old := topicListMax
	topicListMax = n
	return func() { topicListMax = old }
}
