package io.convergent.serving.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the {@link Api} over HTTP/1.1 with Netty: keep-alive, bodies up to a size limit (a larger
 * one is refused with a 413 error body before it is read), the API answered on the event loop
 * itself, since every answer is a few RocksDB reads and no wait.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    /**
     * How long a connection may send nothing: an idle keep-alive connection is then closed, and one
     * stopped in the middle of a request (a body shorter than its {@code Content-Length}) is
     * answered 408 and closed, rather than held open for ever.
     */
    public static final Duration IDLE = Duration.ofSeconds(30);

    /**
     * Answers a connection may have waiting to be sent before serving stops reading its requests
     * (from the high mark) until they are down to the low mark: a client that sends requests
     * without reading the answers holds at most this much of serving's memory, instead of every
     * answer to everything it sent.
     */
    static final WriteBufferWaterMark ANSWERS_QUEUED =
            new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    public HttpServer(String host, int port, int threads, int maxBodyBytes, Api api)
            throws InterruptedException {
        this(host, port, threads, maxBodyBytes, api, IDLE);
    }

    HttpServer(String host, int port, int threads, int maxBodyBytes, Api api, Duration idle)
            throws InterruptedException {
        // Linux's epoll where Netty's native library loads: fewer syscalls and no selector
        // garbage on the event loops than Java's NIO, which stays the fallback.
        boolean epoll = Epoll.isAvailable();
        if (!epoll && System.getProperty("os.name", "").equals("Linux")) {
            LOG.warn(
                    "Netty's epoll transport is unavailable here, serving over NIO: {}",
                    Epoll.unavailabilityCause().toString());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(threads, io);
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(boss, workers)
                        .channel(
                                epoll
                                        ? EpollServerSocketChannel.class
                                        : NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ANSWERS_QUEUED)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        new IdleStateHandler(
                                                                idle.toMillis(),
                                                                0,
                                                                0,
                                                                TimeUnit.MILLISECONDS))
                                                .addLast(new HttpServerCodec())
                                                .addLast(new IdleConnections(api, idle))
                                                .addLast(new LimitedAggregator(maxBodyBytes, api))
                                                // Holds requests already read while answers
                                                // wait: see ApiHandler's writability.
                                                .addLast(new FlowControlHandler())
                                                .addLast(new ApiHandler(api));
                                    }
                                });
        try {
            channel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            // The event loops' threads are not daemons: left running, they would keep a serve
            // that cannot start alive for ever.
            shutDown(boss, workers);
            if (isAddressInUse(e)) {
                throw new IllegalStateException(
                        String.format(
                                "port %d on %s (the HTTP API) is already in use; give serving"
                                        + " another port",
                                port, host),
                        e);
            }
            throw e;
        }
    }

    /**
     * Whether a bind failed on a taken address. By its message, in NIO's words and the native
     * transport's alike: NIO's {@link java.net.BindException} also says that the host is not this
     * machine's or that the port needs privileges, which are other problems.
     */
    static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static void shutDown(EventLoopGroup boss, EventLoopGroup workers) {
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS)
                .syncUninterruptibly();
    }

    /** "epoll" or "nio": what carries the connections on this machine. */
    public String transport() {
        return channel instanceof EpollServerSocketChannel ? "epoll" : "nio";
    }

    /** The port bound (the one asked for, or the one chosen for port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        shutDown(boss, workers);
    }

    /** Netty's aggregator, answering an oversize body with the API's error body. */
    private static final class LimitedAggregator extends HttpObjectAggregator {
        private final int limit;
        private final Api api;

        LimitedAggregator(int limit, Api api) {
            super(limit);
            this.limit = limit;
            this.api = api;
        }

        /**
         * A client that asks before sending ({@code Expect: 100-continue}) a body over the limit is
         * refused here, not in {@link #handleOversizedMessage}: with the API's error body, not
         * Netty's empty 413. The body it then does not send is not waited for.
         */
        @Override
        protected Object newContinueResponse(
                HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object netty = super.newContinueResponse(start, maxContentLength, pipeline);
            if (netty instanceof HttpResponse response
                    && response.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
                ReferenceCountUtil.release(netty);
                FullHttpResponse http = toHttp(api.tooLarge(limit));
                echoCorrelator(start, http);
                http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                return http;
            }
            if (netty instanceof HttpResponse response
                    && response.status().equals(HttpResponseStatus.EXPECTATION_FAILED)) {
                // An Expect other than 100-continue: refused in the API's shape, not Netty's
                // empty 417.
                ReferenceCountUtil.release(netty);
                FullHttpResponse http =
                        toHttp(
                                api.malformed(
                                        new ApiError(
                                                417,
                                                "EXPECTATION_FAILED",
                                                "only Expect: 100-continue is understood")));
                echoCorrelator(start, http);
                // Its body, if sent anyway, is not read: the connection closes after the answer.
                http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                return http;
            }
            return netty;
        }

        /**
         * After refusing a body it was asked about (too large, or an expectation not understood),
         * the connection closes, as for any oversize.
         */
        @Override
        protected boolean closeAfterContinueResponse(Object response) {
            return response instanceof HttpResponse http
                    && (http.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                            || http.status().equals(HttpResponseStatus.EXPECTATION_FAILED));
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            Response response = api.tooLarge(limit);
            FullHttpResponse http = toHttp(response);
            echoCorrelator(oversized, http);
            // The rest of the body is not read: the connection closes after the answer.
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes a connection idle for {@link #IDLE}; with a 408 when a request was under way. */
    private static final class IdleConnections extends ChannelInboundHandlerAdapter {
        private final Api api;
        private final Duration idle;
        private boolean midRequest;

        IdleConnections(Api api, Duration idle) {
            this.api = api;
            this.idle = idle;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof HttpRequest) {
                midRequest = true;
            }
            if (message instanceof LastHttpContent) {
                midRequest = false;
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (!(event instanceof IdleStateEvent e) || e.state() != IdleState.READER_IDLE) {
                super.userEventTriggered(ctx, event);
                return;
            }
            if (!midRequest || !ctx.channel().isWritable()) {
                // Idle between requests, or not reading its answers: a 408 would only queue
                // behind them, and the close with it.
                ctx.close();
                return;
            }
            FullHttpResponse http =
                    toHttp(
                            api.malformed(
                                    new ApiError(
                                            408,
                                            "REQUEST_TIMEOUT",
                                            "the request was not completed within "
                                                    + idle.toMillis()
                                                    + " ms of its last byte")));
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The request target's path, undecoded: the API decodes its path parameters itself (a '+' there
     * is a '+', never a space). A target in absolute form ({@code http://host:8080/v1/...}, which a
     * proxy may send and RFC 9112 §3.2.2 says a server must accept) has its scheme and authority
     * dropped.
     */
    static String pathOf(String target) {
        String path = new QueryStringDecoder(target).rawPath();
        int scheme =
                path.regionMatches(true, 0, "http://", 0, 7)
                        ? 7
                        : path.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (scheme < 0) {
            return path;
        }
        int slash = path.indexOf('/', scheme);
        return slash < 0 ? "/" : path.substring(slash);
    }

    private static final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Api api;

        ApiHandler(Api api) {
            this.api = api;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (request.decoderResult().isFailure()) {
                // Netty hands on what it decoded before it gave up, and discards every later byte
                // of the connection: answered as the request it is not, the client's next request
                // on it would wait for ever. Refused, and the connection closed.
                FullHttpResponse http =
                        toHttp(api.malformed(malformed(request.decoderResult().cause())));
                http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            String path = pathOf(request.uri());
            ByteBuf content = request.content();
            byte[] body = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), body);
            Response response =
                    api.handle(
                            request.method().name(),
                            path,
                            request.headers().get(HttpHeaderNames.AUTHORIZATION),
                            request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                            body);
            FullHttpResponse http = toHttp(response);
            echoCorrelator(request, http);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(http);
            } else {
                ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
            }
        }

        /**
         * Reads a connection's requests only while its answers are sent as fast as they come: past
         * {@link #ANSWERS_QUEUED}'s high mark it stops reading (the requests already decoded wait
         * in the {@link FlowControlHandler}), and reads again once they are down to the low mark. A
         * client that stops reading is closed after {@link #IDLE}, as an idle one.
         */
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        /** Why Netty could not decode a request (its limits are the codec's defaults). */
        private static ApiError malformed(Throwable cause) {
            if (cause instanceof TooLongHttpHeaderException) {
                return new ApiError(431, "HEADERS_TOO_LARGE", "the request headers exceed 8 KiB");
            }
            if (cause instanceof TooLongHttpLineException) {
                return new ApiError(414, "URI_TOO_LONG", "the request line exceeds 4 KiB");
            }
            return ApiError.invalid("the request is not well-formed HTTP");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Gives the answer the request's {@code x-correlator}, as CAMARA asks, if it is sane. */
    private static void echoCorrelator(HttpMessage request, FullHttpResponse answer) {
        String correlator = request.headers().get("x-correlator");
        if (correlator != null && correlator.length() <= 256) {
            answer.headers().set("x-correlator", correlator);
        }
    }

    private static FullHttpResponse toHttp(Response response) {
        FullHttpResponse http =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(response.status()),
                        Unpooled.wrappedBuffer(response.body()));
        http.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        if (response.allow() != null) {
            http.headers().set(HttpHeaderNames.ALLOW, response.allow());
        }
        // Answers are about one subscriber, now: no cache in between should keep one.
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (response.status() == 401) {
            http.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        } else if ((response.status() == 429 || response.status() == 503) && !response.lasting()) {
            http.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        return http;
    }
}
