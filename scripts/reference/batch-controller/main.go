// A minimal main for the reference's RadixBatch controller (radix-operator's operator/batch), used
// only as a test oracle for jobsim. The operator's own main wants ingress, OAuth2 proxy, cert-manager
// and every other controller; this one wires the batch controller alone, the way the operator wires
// it: shared informer factories, listers, the batch handler, one worker.
//
// It is built inside the reference's module (scripts/reference/build.sh copies it there), never in
// jobsim's tree. Flags: --qps/--burst set the Kubernetes client's rate limit (the chart's 5/5 makes
// batches wait 10-17 s here), --threads the worker count.
package main

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/equinor/radix-operator/operator/batch"
	apiconfig "github.com/equinor/radix-operator/pkg/apis/config"
	"github.com/equinor/radix-operator/pkg/apis/event"
	"github.com/equinor/radix-operator/pkg/apis/kube"
	"github.com/equinor/radix-operator/pkg/apis/utils"
	radixinformers "github.com/equinor/radix-operator/pkg/client/informers/externalversions"
	"github.com/rs/zerolog"
	"github.com/rs/zerolog/log"
	kubeinformers "k8s.io/client-go/informers"
	"k8s.io/client-go/util/flowcontrol"
)

func main() {
	qps := flag.Float64("qps", 50, "Kubernetes client queries per second")
	burst := flag.Int("burst", 100, "Kubernetes client burst")
	threads := flag.Int("threads", 1, "worker threads (the operator runs the batch controller with 1)")
	level := flag.String("log-level", "info", "zerolog level")
	flag.Parse()

	lvl, err := zerolog.ParseLevel(*level)
	if err != nil {
		lvl = zerolog.InfoLevel
	}
	logger := zerolog.New(zerolog.ConsoleWriter{Out: os.Stderr, TimeFormat: time.RFC3339}).Level(lvl).With().Timestamp().Logger()
	log.Logger = logger
	zerolog.DefaultContextLogger = &logger

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	// Only the fields the batch syncer reads; the chart's default for the safe-to-evict threshold.
	cfg := apiconfig.Config{LogLevel: *level, SafeToRestartBatchJobThreshold: 259200}

	limiter := utils.WithKubernetesClientRateLimiter(flowcontrol.NewTokenBucketRateLimiter(float32(*qps), *burst))
	client, radixClient, kedaClient, secretProviderClient, _, _ := utils.GetKubernetesClient(limiter)
	recorder, err := event.NewRecorder("Radix controller", client.CoreV1().Events(""))
	if err != nil {
		log.Fatal().Err(err).Msg("event recorder")
	}
	kubeFactory := kubeinformers.NewSharedInformerFactory(client, 0)
	radixFactory := radixinformers.NewSharedInformerFactory(radixClient, 0)
	kubeUtil, _ := kube.NewWithListers(client, radixClient, kedaClient, secretProviderClient, kubeFactory, radixFactory)

	handler := batch.NewHandler(kubeUtil.KubeClient(), kubeUtil, kubeUtil.RadixClient(), recorder, cfg)
	controller := batch.NewController(ctx, kubeUtil.KubeClient(), kubeUtil.RadixClient(), handler, kubeFactory, radixFactory)

	done := make(chan error, 1)
	go func() { done <- controller.Run(ctx, *threads) }()
	// Informers start after the controller has registered its handlers, as in the operator.
	kubeFactory.Start(ctx.Done())
	radixFactory.Start(ctx.Done())
	log.Info().Float64("qps", *qps).Int("burst", *burst).Msg("jobsim reference batch controller running")
	if err := <-done; err != nil {
		log.Fatal().Err(err).Msg("batch controller")
	}
}
