package smtptest

import (
	"net"
	"sync"
)

// listener wraps each accepted connection in a conn.
type listener struct {
	net.Listener
	s *Server
}

func (l *listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &conn{Conn: c, closed: make(chan struct{})}, nil
}

// conn is a server connection that can act once the reply after an
// accepted DATA is written: the first Write after arm is that reply (one
// write, TLS record or not, since go-smtp flushes a reply at once).
type conn struct {
	net.Conn

	mu       sync.Mutex
	after    After
	answered chan struct{}
	hung     bool

	closeOnce sync.Once
	closed    chan struct{}
}

// arm sets what to do after the next write, and the channel to close.
func (c *conn) arm(a After, answered chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.after, c.answered = a, answered
}

func (c *conn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.mu.Lock()
	a, answered := c.after, c.answered
	c.after, c.answered = AfterNothing, nil
	if a == AfterHang {
		c.hung = true
	}
	c.mu.Unlock()
	if answered == nil {
		return n, err
	}
	if a == AfterClose {
		c.Close()
	}
	close(answered)
	return n, err
}

// Read blocks once the connection hangs, until it is closed.
func (c *conn) Read(p []byte) (int, error) {
	c.mu.Lock()
	hung := c.hung
	c.mu.Unlock()
	if hung {
		<-c.closed
		return 0, net.ErrClosed
	}
	return c.Conn.Read(p)
}

func (c *conn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}
