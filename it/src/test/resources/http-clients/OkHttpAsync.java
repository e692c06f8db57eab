package acc;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A GET through OkHttp 3.x to 5.x, enqueued: it runs on the client's dispatcher thread, then answers here. */
public final class OkHttpAsync implements ClientShop.Get {
    /** The dispatcher's pool as OkHttp makes its own, of daemon threads: the program ends without waiting for them. */
    private final OkHttpClient client = new OkHttpClient.Builder()
            .dispatcher(new Dispatcher(new ThreadPoolExecutor(
                    0, 64, 60, TimeUnit.SECONDS, new SynchronousQueue<Runnable>(), new ThreadFactory() {
                        @Override
                        public Thread newThread(Runnable task) {
                            Thread thread = new Thread(task, "OkHttp Dispatcher");
                            thread.setDaemon(true);
                            return thread;
                        }
                    })))
            .build();

    @Override
    public int get(String url) throws IOException {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.body().close();
                status.complete(response.code());
            }
        });
        try {
            return status.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
