#pragma once

#include "gateway/answerwriter.h"
#include "gateway/httpresponder.h"

#include <QHttpHeaders>
#include <QObject>
#include <QPointer>

#include <memory>

namespace Switchyard::Routing {
class RoutedCall;
}

namespace Switchyard::Gateway {

/// One answer going through the gateway, whichever inbound API asked for it:
/// holds the client's responder and the routed call, and answers through the
/// API's AnswerWriter — a JSON body, or an event stream that begins with the
/// first token (so a call that fails before it still gets a real HTTP error
/// status). If the client goes away, the upstream call is cancelled at once.
/// Deletes itself when done.
class ChatExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatExchange)

public:
    ChatExchange(HttpResponder &&responder, Routing::RoutedCall *call, std::unique_ptr<AnswerWriter> writer,
                 bool stream, QObject *parent = nullptr);
    ~ChatExchange() override;

Q_SIGNALS:
    /// The answer is complete (or the client left): the status it had.
    void done(int status);

private:
    void onEvents(const QList<Providers::ChatEvent> &events);
    void onFinished();
    void onClientGone();
    void beginStream();
    void respondError(const GatewayError &error);
    [[nodiscard]] QHttpHeaders routingHeaders() const;
    void end(int status);

    HttpResponder m_responder;
    QPointer<Routing::RoutedCall> m_call;
    std::unique_ptr<AnswerWriter> m_writer;
    bool m_stream = false;
    bool m_streaming = false; // the 200 and the first chunk have gone out
    bool m_ended = false;
};

} // namespace Switchyard::Gateway
