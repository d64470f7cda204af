//go:build linux

package gitrepo

import "syscall"

// procAttr makes git die with litkb: a git left running after litkb was
// killed would hold the index lock (and keep changing the folder) while
// the next litkb starts and repairs it.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
