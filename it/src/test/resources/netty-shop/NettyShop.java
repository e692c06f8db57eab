package acc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small shop served by Netty's HTTP server (HttpServerCodec, HttpObjectAggregator, a handler of its own)
 * on a loopback port, backed by H2 in memory; its own client sends a known mix of requests and prints
 * what it got back. Compiled by the tests against each Netty version.
 * <ul>
 *   <li>{@code GET /items/N} (3): two SQL statements on the event loop, answered at once;
 *   <li>{@code GET /slow/N} (2): handed to a pool ({@code submit}), which waits 50 ms, runs one statement
 *       and answers: the handler returned long before;
 *   <li>{@code GET /fail} (1): answered 500.
 * </ul>
 */
public final class NettyShop {

    private static Connection db;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    public static void main(String[] args) throws Exception {
        db = DriverManager.getConnection("jdbc:h2:mem:nettyshop;DB_CLOSE_DELAY=-1");
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, stock INT)");
            statement.execute("INSERT INTO item VALUES (1, 10), (2, 20), (3, 30)");
        }
        EventLoopGroup group = new NioEventLoopGroup(1);
        StringBuilder seen = new StringBuilder();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(65536))
                                    .addLast(new Shop());
                        }
                    });
            Channel server = bootstrap
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .sync()
                    .channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            for (int i = 1; i <= 3; i++) {
                seen.append(call(port, "/items/" + i)).append(' ');
            }
            seen.append(call(port, "/slow/1")).append(' ');
            seen.append(call(port, "/slow/2")).append(' ');
            seen.append(call(port, "/fail"));
            server.close().sync();
        } finally {
            group.shutdownGracefully().sync();
            POOL.shutdown();
            db.close();
        }
        System.out.println("statuses: " + seen);
    }

    private static final class Shop extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) throws Exception {
            String path = request.uri();
            if (path.startsWith("/items/")) {
                int id = Integer.parseInt(path.substring("/items/".length()));
                answer(context, 200, stock(id) + " " + stock(id));
            } else if (path.startsWith("/slow/")) {
                int id = Integer.parseInt(path.substring("/slow/".length()));
                POOL.submit(() -> {
                    try {
                        Thread.sleep(50);
                        answer(context, 200, Integer.toString(stock(id)));
                    } catch (Exception e) {
                        answer(context, 500, e.toString());
                    }
                    return null;
                });
            } else {
                answer(context, 500, "failed");
            }
        }
    }

    private static int stock(int id) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT stock FROM item WHERE id = ?")) {
            statement.setInt(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    private static void answer(ChannelHandlerContext context, int status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        context.writeAndFlush(response);
    }

    private static String call(int port, String path) throws IOException {
        HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        try {
            int status = http.getResponseCode();
            InputStream body = status < 400 ? http.getInputStream() : http.getErrorStream();
            if (body != null) {
                body.readAllBytes();
                body.close();
            }
            return Integer.toString(status);
        } finally {
            http.disconnect();
        }
    }
}
