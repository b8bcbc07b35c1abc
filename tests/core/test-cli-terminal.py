#!/usr/bin/env python3
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-cli-terminal.py CASUSTAFEL_CLI

casustafel-cli asks passphrases on the terminal: without echo, twice for a
new one, and it gives the terminal its echo back, also when Ctrl-C stops it
at the prompt.  Runs the CLI on a pseudo-terminal in a temporary directory
and prints TAP.
"""

import os
import pty
import select
import shutil
import signal
import sys
import tempfile
import termios
import time

CLI = sys.argv[1]
PASSPHRASE = b'tien tellen op de terminal'
TIMEOUT = 30


class Terminal:
    """The CLI on the slave side of a pseudo-terminal."""

    def __init__(self, *args):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execv(CLI, [CLI, *args])
            finally:
                os._exit(127)
        self.output = b''

    def read_until(self, marker):
        end = time.monotonic() + TIMEOUT
        while marker not in self.output and time.monotonic() < end:
            if not self._read_some(end - time.monotonic()):
                break
        return marker in self.output

    def _read_some(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the child has closed the terminal
            return False
        self.output += data
        return bool(data)

    def echo_is_on(self):
        # On Linux the master reports the slave's settings.
        return bool(termios.tcgetattr(self.fd)[3] & termios.ECHO)

    def type(self, data):
        os.write(self.fd, data)

    def finish(self):
        """Reads what is left; returns the exit status, or -signal."""
        end = time.monotonic() + TIMEOUT
        while self._read_some(end - time.monotonic()):
            pass
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def close(self):
        os.close(self.fd)


n = 0
failures = 0


def report(ok, description, *notes):
    global n, failures
    n += 1
    for note in notes:
        for line in str(note).splitlines():
            print(f'# {line}')
    print(f'{"ok" if ok else "not ok"} {n} - {description}')
    if not ok:
        failures += 1


def init_args(path):
    return ['init', path, '--team', 'Terminalteam', '--login', 'tty', '--name', 'Tty',
            '--role', 'voorzitter', '--admin']


def test_init(workdir):
    path = os.path.join(workdir, 'team.casus')
    term = Terminal(*init_args(path))
    asked = term.read_until(b'passphrase: ')
    echo_off = asked and not term.echo_is_on()
    term.type(PASSPHRASE + b'\n')
    asked_again = term.read_until(b'Repeat the passphrase: ')
    term.type(PASSPHRASE + b'\n')
    status = term.finish()
    echo_back = term.echo_is_on()
    term.close()
    output = term.output.decode(errors='replace')
    report(asked and asked_again, 'init asks for the passphrase twice', output)
    report(echo_off, 'echo is off while the passphrase is typed')
    report(PASSPHRASE not in term.output, 'the passphrase does not appear on the terminal')
    report(status == 0 and os.path.exists(path), 'init succeeds', f'status {status}')
    report(echo_back, 'echo is on again afterwards')
    return path


def test_mismatch(workdir):
    path = os.path.join(workdir, 'mismatch.casus')
    term = Terminal(*init_args(path))
    term.read_until(b'passphrase: ')
    term.type(PASSPHRASE + b'\n')
    term.read_until(b'Repeat the passphrase: ')
    term.type(PASSPHRASE + b'x\n')
    status = term.finish()
    term.close()
    report(status == 1 and b'do not match' in term.output and not os.path.exists(path),
           'two different passphrases are refused and create no file',
           f'status {status}', term.output.decode(errors='replace'))


def test_check(path):
    term = Terminal('check', path, '--login', 'tty')
    term.read_until(b'Passphrase: ')
    term.type(PASSPHRASE + b'\n')
    status = term.finish()
    term.close()
    report(status == 0 and term.output.rstrip().endswith(b'ok'),
           'check unlocks with the passphrase typed on the terminal',
           f'status {status}', term.output.decode(errors='replace'))


def test_interrupt(path):
    term = Terminal('check', path, '--login', 'tty')
    term.read_until(b'Passphrase: ')
    echo_off = not term.echo_is_on()
    term.type(b'half a pass')
    term.type(b'\x03')  # Ctrl-C: the line discipline sends SIGINT
    status = term.finish()
    echo_back = term.echo_is_on()
    term.close()
    report(echo_off and status == -signal.SIGINT and echo_back,
           'Ctrl-C at the prompt gives the terminal its echo back',
           f'status {status}, echo off at the prompt {echo_off}, echo back {echo_back}')


def main():
    workdir = tempfile.mkdtemp()
    try:
        path = test_init(workdir)
        test_mismatch(workdir)
        test_check(path)
        test_interrupt(path)
    finally:
        shutil.rmtree(workdir)
    print(f'1..{n}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
