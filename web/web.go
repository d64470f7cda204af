// Package web holds litkb's templates and static files, embedded in the
// binary so a deploy is one file.
package web

import (
	"embed"
	"io/fs"
)

//go:embed templates/*.html static/*
var files embed.FS

// Templates are the page templates (templates/*.html).
func Templates() fs.FS { sub, _ := fs.Sub(files, "templates"); return sub }

// Static are the static files (static/*), served under content-hashed URLs.
func Static() fs.FS { sub, _ := fs.Sub(files, "static"); return sub }
