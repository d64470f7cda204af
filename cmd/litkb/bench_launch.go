package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"syscall"
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
