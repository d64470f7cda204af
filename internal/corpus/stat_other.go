//go:build !linux

package corpus

import (
	"errors"
	"os"
	"path/filepath"
)

// statDir takes the stamps of the files in one folder: by path where the
// Linux way (stat_linux.go) is not used.
type statDir struct{ dir string }

func openStatDir(dir string) (*statDir, error) { return &statDir{dir: dir}, nil }

func (d *statDir) stamp(name string) (fileStamp, error) {
	fi, err := os.Stat(filepath.Join(d.dir, name))
	if err != nil {
		return fileStamp{}, err
	}
	return stampOf(fi), nil
}

func (d *statDir) close() {}

// folderStamp: a folder's change time is not portable, so no start takes
// the folder on trust (see checklater.go).
func folderStamp(string) (fileStamp, error) { return fileStamp{}, errors.ErrUnsupported }
