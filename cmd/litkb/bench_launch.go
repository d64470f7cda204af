package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"litkb/internal/corpus"
)

// launch starts the server: "litkb serve", or an App in this process.
func (b benchBuilder) launch(ctx context.Context) (base, pid string, stop func() error, err error) {
	if b.inProcess {
		app := &App{Config: b.config(), Log: slog.New(slog.DiscardHandler)}
		if err := app.Open(ctx, true); err != nil {
			_ = app.Close(context.Background())
			return "", "", nil, err
		}
		base, pid = app.Server.URL(), "self"
		stop = func() error { return app.Close(context.Background()) }
	} else {
		cmd, err := b.command(ctx, "serve", "--addr", "127.0.0.1:0")
		if err != nil {
			return "", "", nil, err
		}
		cmd.Env = append(cmd.Env, "LITKB_LOG_LEVEL=warn")
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		out, err := cmd.StdoutPipe()
		if err != nil {
			return "", "", nil, err
		}
		if err := cmd.Start(); err != nil {
			return "", "", nil, err
		}
		stop = func() error {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			err := cmd.Wait()
			if err != nil {
				return fmt.Errorf("litkb serve: %w\n%s", err, errOut.String())
			}
			return nil
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), " at http://"); i >= 0 {
				base = strings.TrimSpace(sc.Text()[i+4:])
				break
			}
		}
		go io.Copy(io.Discard, out)
		if base == "" {
			_ = stop()
			return "", "", nil, fmt.Errorf("litkb serve did not start:\n%s", errOut.String())
		}
		pid = strconv.Itoa(cmd.Process.Pid)
	}
	return base, pid, stop, nil
}

// awaitImage waits, up to two minutes, for the image of the studies that
// the server started at since writes once it answers (2.7-2.9 s at
// 1,000,000 studies, after its check of the files), so that the restart
// after it is timed from the image; and says whether it came.
func (b benchBuilder) awaitImage(ctx context.Context, since time.Time, step func(string, ...any)) {
	path := corpus.ImagePath(snapshotPath(b.config()))
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if fi, err := os.Stat(path); err == nil && !fi.ModTime().Before(since) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	step("no image of the studies written: the restart decodes them")
}
