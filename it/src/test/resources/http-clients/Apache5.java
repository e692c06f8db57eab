package acc;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** A GET through Apache HttpClient 5.x, classic. */
public final class Apache5 implements ClientShop.Get {
    private final CloseableHttpClient client = HttpClients.createDefault();

    @Override
    @SuppressWarnings("deprecation")
    public int get(String url) throws IOException {
        try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        }
    }
}
