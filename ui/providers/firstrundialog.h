#pragma once

#include "providers/providerscontext.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace Switchyard::ProvidersUi {

/// The first-run step: finds what can be used at once — model servers on this
/// computer (Ollama, LM Studio, a llama.cpp server, each on its usual
/// loopback port) and keys for hosted providers in the usual environment
/// variables or the keychain — and offers them all in one step. "Start
/// Comparing" enables what is ticked (and nothing else built in), keeps the
/// servers' model lists, and asks for a comparison of the first two usable
/// models. With nothing found it is a short guide to adding a key, with a
/// way onward, never a dead end. Closing it in any way ends the first run.
class FirstRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunDialog)

public:
    /// One thing found, offered with a tick box.
    struct Offer {
        QString providerId;
        QString text;        ///< "Ollama on 127.0.0.1:11434 — 3 models"
        bool local = false;  ///< a server on this computer (else a hosted key)
        QStringList models;  ///< the server's listing
    };

    explicit FirstRunDialog(const ProvidersContext &context, QWidget *parent = nullptr);
    ~FirstRunDialog() override;

    /// Looks again (the dialog starts looking when it is made).
    void scan();
    [[nodiscard]] bool isScanning() const { return m_pending > 0; }
    [[nodiscard]] const QList<Offer> &offers() const { return m_offers; }
    [[nodiscard]] QCheckBox *offerBox(const QString &providerId) const;
    /// How long the last look took, from start to the last answer.
    [[nodiscard]] qint64 scanMs() const { return m_scanMs; }
    /// Enables the ticked offers and asks for the comparison; what "Start
    /// Comparing" does.
    void startComparing();

Q_SIGNALS:
    void scanFinished();
    /// Open Compare with these models ("provider/model"), one pane each.
    void comparisonRequested(const QStringList &models);
    /// Open the Providers page: the user wants to add a key or set up by hand.
    void providersRequested();
    /// Open the Providers page and its Add Provider dialog: an endpoint of the
    /// user's own (a team gateway, vLLM elsewhere) that speaks OpenAI's API.
    void endpointRequested();

private:
    void onServersFound();
    void finishScan();
    void rebuildOffers();
    void endFirstRun();

    ProvidersContext m_context;
    QList<Offer> m_offers;
    QStringList m_missing; // what was looked for and not found, for the note
    int m_pending = 0;
    QElapsedTimer m_clock;
    qint64 m_scanMs = -1;
    int m_generation = 0; // answers of an earlier look are dropped

    QLabel *m_status = nullptr;
    QProgressBar *m_busy = nullptr;
    QVBoxLayout *m_offerLayout = nullptr;
    QList<QCheckBox *> m_boxes;
    QLabel *m_missingNote = nullptr;
    QLabel *m_guide = nullptr;
    QPushButton *m_rescan = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_manual = nullptr;
    QPushButton *m_addKey = nullptr;
    QPushButton *m_addEndpoint = nullptr;
    QPushButton *m_skip = nullptr;
};

} // namespace Switchyard::ProvidersUi
