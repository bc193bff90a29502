package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"intake/approvals"
)

func init() {
	register(group("staff", "staff accounts: who may act on the review queue and log in to the console (docs/staff.md); each change is recorded in the ledger by actor operator", []subcommand{
		{name: "add", usage: "EMAIL [--password-file F]: add an account, or make a disabled one active again, with a password (else asked for)", run: runStaffAdd},
		{name: "list", usage: "[--json]: every account, active or disabled", run: runStaffList},
		{name: "disable", usage: "EMAIL: the account can no longer log in nor act; its history stays", run: runStaffDisable},
		{name: "passwd", usage: "EMAIL [--password-file F]: set a new password (else asked for)", run: runStaffPasswd},
	}))
}

// staffArgs parses a staff subcommand's flags and its one EMAIL; with
// withPassword it also takes --password-file.
func staffArgs(e *env, name string, withPassword bool) (email, passwordFile string, err error) {
	fs := e.flags("staff " + name)
	var pf *string
	if withPassword {
		pf = fs.String("password-file", "", "read the password from the first line of `FILE` instead of asking")
	}
	args, err := e.parseFlags(fs)
	if err != nil {
		return "", "", err
	}
	if len(args) != 1 {
		return "", "", usagef("staff %s: want one EMAIL, got %d arguments", name, len(args))
	}
	if !validEmail(args[0]) {
		return "", "", usagef("staff %s: %q is not an email address", name, args[0])
	}
	if pf != nil {
		passwordFile = *pf
	}
	return args[0], passwordFile, nil
}

func runStaffAdd(e *env) error {
	return runStaffPassword(e, "add", (*approvals.Service).AddStaff, "is active")
}

func runStaffPasswd(e *env) error {
	return runStaffPassword(e, "passwd", (*approvals.Service).SetStaffPassword, "has a new password")
}

// runStaffPassword runs `staff add` and `staff passwd`: both read an
// address and a password, give them to set as the operator, and say what
// became of the account.
func runStaffPassword(e *env, name string,
	set func(s *approvals.Service, ctx context.Context, actor, email, password string) (*approvals.Staff, error),
	became string) error {
	email, pf, err := staffArgs(e, name, true)
	if err != nil {
		return err
	}
	password, err := readPassword(e, pf)
	if err != nil {
		return err
	}
	return withService(e, dbExisting, func(b *backend) error {
		st, err := set(b.svc, e.ctx, approvals.ActorOperator, email, password)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "staff account %s %s\n", clean(st.Email), became)
		return nil
	})
}

func runStaffList(e *env) error {
	fs := e.flags("staff list")
	asJSON := fs.Bool("json", false, "print JSON")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usagef("staff list: unexpected argument %q", args[0])
	}
	return withService(e, dbExisting, func(b *backend) error {
		list, err := b.svc.StaffList(e.ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			if list == nil {
				list = []approvals.Staff{}
			}
			return writeJSON(e.stdout, list)
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, "there is no staff account; add one with 'intake staff add EMAIL'")
			return nil
		}
		t := newTable(e.stdout, "EMAIL", "STATUS", "CREATED", "UPDATED")
		for _, s := range list {
			status := "active"
			if !s.Active {
				status = "disabled"
			}
			t.row(clean(s.Email), status, s.CreatedAt.UTC().Format(time.DateTime), s.UpdatedAt.UTC().Format(time.DateTime))
		}
		return t.flush()
	})
}

func runStaffDisable(e *env) error {
	email, _, err := staffArgs(e, "disable", false)
	if err != nil {
		return err
	}
	return withService(e, dbExisting, func(b *backend) error {
		st, err := b.svc.DisableStaff(e.ctx, approvals.ActorOperator, email)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "staff account %s is disabled\n", clean(st.Email))
		return nil
	})
}

// readPassword returns the password from the first line of file when
// given; else, when stdin is a terminal, asks for it twice without echo;
// else reads one line from stdin. A missing file or an empty password is
// a usage error; the domain checks the length.
func readPassword(e *env, file string) (string, error) {
	var (
		pw  string
		err error
	)
	switch f, isFile := e.stdin.(*os.File); {
	case file != "":
		pw, err = passwordFromFile(file)
	case isFile && term.IsTerminal(int(f.Fd())):
		pw, err = promptPassword(e.stderr, int(f.Fd()))
	default:
		pw, err = firstLine(e.stdin)
		if err != nil {
			err = fmt.Errorf("read the password from standard input: %w", err)
		}
	}
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", usagef("the password is empty")
	}
	return pw, nil
}

func passwordFromFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", usageError{fmt.Errorf("open password file: %w", err)}
	}
	defer f.Close()
	pw, err := firstLine(f)
	if err != nil {
		return "", fmt.Errorf("read password file %s: %w", path, err)
	}
	return pw, nil
}

// firstLine returns r's first line without its line ending; the whole of
// r when it has no newline.
func firstLine(r io.Reader) (string, error) {
	line, err := bufio.NewReaderSize(r, approvals.MaxPasswordLen+2).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// promptPassword asks for the password twice on the terminal fd, without
// echo, prompting on w.
func promptPassword(w io.Writer, fd int) (string, error) {
	read := func(prompt string) (string, error) {
		fmt.Fprint(w, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(w)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		return string(b), nil
	}
	pw, err := read("Password: ")
	if err != nil {
		return "", err
	}
	again, err := read("Password again: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", usagef("the two passwords differ")
	}
	return pw, nil
}
