//go:build !linux

package gitrepo

import "syscall"

// procAttr: elsewhere a git outliving litkb is waited for at start (see
// removeStaleLock).
func procAttr() *syscall.SysProcAttr { return nil }
