package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"litkb/internal/token"
)

// runToken manages curator tokens: add prints a new secret once; only its
// hash is stored, in the state folder.
func runToken(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: litkb token add NAME [--role curator|editor] | list | revoke NAME", errUsage)
	}
	s := newSettings("token "+args[0], stderr)
	role := "curator"
	if args[0] == "add" {
		s.fs.StringVar(&role, "role", "curator", "curator or editor (editors may also publish)")
	}
	// Flags may come before or after the name.
	var rest []string
	for a := args[1:]; ; {
		if err := s.fs.Parse(a); err != nil {
			return err
		}
		if s.fs.NArg() == 0 {
			break
		}
		rest = append(rest, s.fs.Arg(0))
		a = s.fs.Args()[1:]
	}
	cfg, err := s.load()
	if err != nil {
		return err
	}
	store := token.Open(tokenPath(cfg))
	switch args[0] {
	case "add":
		if len(rest) != 1 {
			return fmt.Errorf("%w: litkb token add NAME [--role curator|editor]", errUsage)
		}
		secret, err := store.Add(rest[0], role)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\n", secret)
		fmt.Fprintf(stderr, "token for %s (%s); it is shown only this once. Use it as: Authorization: Bearer <token>\n", rest[0], role)
	case "list":
		ts, err := store.List()
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED\tREVOKED")
		for _, t := range ts {
			rev := "-"
			if t.Revoked != nil {
				rev = t.Revoked.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Name, t.Role, t.Created.Format("2006-01-02 15:04"), rev)
		}
		return tw.Flush()
	case "revoke":
		if len(rest) != 1 {
			return fmt.Errorf("%w: litkb token revoke NAME", errUsage)
		}
		if err := store.Revoke(rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked the token of %s\n", rest[0])
	default:
		return fmt.Errorf("%w: unknown token command %q (add, list, revoke)", errUsage, args[0])
	}
	return nil
}
