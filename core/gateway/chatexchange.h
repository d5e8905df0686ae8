#pragma once

#include "gateway/httpresponder.h"
#include "gateway/openaichatrequest.h"
#include "gateway/openaichunkwriter.h"

#include <QHttpHeaders>
#include <QObject>
#include <QPointer>

namespace Switchyard::Routing {
class RoutedCall;
}

namespace Switchyard::Gateway {

/// One chat completion going through the gateway: holds the client's
/// responder and the routed call, and answers as OpenAI would — a JSON body,
/// or an event stream that begins with the first token (so a call that fails
/// before it still gets a real HTTP error status). If the client goes away,
/// the upstream call is cancelled at once. Deletes itself when done.
class ChatExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatExchange)

public:
    ChatExchange(HttpResponder &&responder, Routing::RoutedCall *call, const OpenAiChatRequest &request,
                 QObject *parent = nullptr);
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
    [[nodiscard]] QByteArray completionJson() const;
    [[nodiscard]] QString answeringModel() const;
    [[nodiscard]] QHttpHeaders routingHeaders() const;
    void end(int status);

    HttpResponder m_responder;
    QPointer<Routing::RoutedCall> m_call;
    QString m_id;
    qint64 m_created = 0;
    QString m_askedModel;
    bool m_stream = false;
    OpenAiChunkWriter m_writer;
    bool m_streaming = false; // the 200 and the first chunk have gone out
    bool m_ended = false;
};

} // namespace Switchyard::Gateway
