package io.zeroio.protocol.http.websocket.pekko;

import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.WebSocketSession;

/**
 * What the actor and the flow endpoints share: once {@code onOpen} has attached the connection's
 * {@link WsConnection} to the session, frames, wake-ups and the end go to it. Shard thread only.
 */
abstract class WsEndpoint implements WebSocketHandler {
    @Override
    public boolean acceptsFrames(WebSocketSession session) {
        return !(session.attachment() instanceof WsConnection c) || c.accepts();
    }

    @Override
    public void onFrame(WebSocketSession session, WebSocketFrame frame) {
        ((WsConnection) session.attachment()).deliver(session, frame);
    }

    @Override
    public void onWake(WebSocketSession session) {
        if (session.attachment() instanceof WsConnection c) {
            c.service(session);
        }
    }

    @Override
    public void onClose(WebSocketSession session, int code) {
        if (session.attachment() instanceof WsConnection c) {
            c.end(code, session.closedByPeer());
        }
    }
}
