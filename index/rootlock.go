package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// An index folder is used by one process at a time. Bleve locks only the
// live index, and a second litkb (a command-line search beside a server,
// or a server started while the last one was still stopping) waited for
// that lock, then built a new index beside the live one and swapped it
// in, deleting the folder the server was using: at 1,000,000 studies that
// is 17 minutes and 7 GiB. The folder's own lock comes first, and says
// who holds it.

// lockFile is the index folder's lock; its content names the holder.
const lockFile = "lock"

// InUseError is an index folder that another process holds.
type InUseError struct {
	Root   string
	Holder string // as the holder wrote it ("pid 123 (litkb serve) since …"); empty when unknown
}

func (e *InUseError) Error() string {
	who := e.Holder
	if who == "" {
		who = "another process"
	}
	return fmt.Sprintf("index folder %s is in use by %s: stop it first, or give this command another state folder", e.Root, who)
}

// errLocked is what tryLock returns when another process holds the lock.
var errLocked = errors.New("locked")

// lockRoot takes root's lock, waiting up to wait while another process
// holds it (a server that is stopping lets go within that time). The lock
// lasts as long as the file returned stays open; the system releases it
// when the process ends, however it ends.
func lockRoot(ctx context.Context, root string, wait time.Duration, log *slog.Logger) (*os.File, error) {
	path := filepath.Join(root, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("index: lock: %w", err)
	}
	deadline, logged := time.Now().Add(wait), false
	for {
		err := tryLock(f)
		if err == nil {
			break
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("index: lock %s: %w", path, err)
		}
		holder := readHolder(path)
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, &InUseError{Root: root, Holder: holder}
		}
		if !logged {
			log.Warn("index folder in use; waiting for it", "root", root, "holder", holder, "wait", wait)
			logged = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("index: lock %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	// Who holds it, for the next one's message: this process's id and
	// command (never its arguments), and since when.
	cmd := filepath.Base(os.Args[0])
	if len(os.Args) > 1 && !strings.HasPrefix(os.Args[1], "-") {
		cmd += " " + os.Args[1]
	}
	holder := fmt.Sprintf("pid %d (%s) since %s", os.Getpid(), cmd, time.Now().UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(holder+"\n"), 0)
	}
	return f, nil
}

// readHolder is what the lock's holder wrote, on one line and cut short.
func readHolder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	s, _, _ := strings.Cut(string(b), "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return strings.TrimSpace(s)
}
