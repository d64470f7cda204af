package server

// SetSitemapMax lowers the URLs per sitemap for a test; the returned func
// puts it back.
func SetSitemapMax(n int) (restore func()) {
	old := sitemapMax
	sitemapMax = n
	return func() { sitemapMax = old }
}
